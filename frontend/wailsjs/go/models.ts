export namespace app {
	
	export class AcceptedProposal {
	    proposal: engine.Proposal;
	    entry: engine.Entry;
	
	    static createFrom(source: any = {}) {
	        return new AcceptedProposal(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.proposal = this.convertValues(source["proposal"], engine.Proposal);
	        this.entry = this.convertValues(source["entry"], engine.Entry);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AgentRequest {
	    name: string;
	    capacity: number;
	    role: string;
	
	    static createFrom(source: any = {}) {
	        return new AgentRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.capacity = source["capacity"];
	        this.role = source["role"];
	    }
	}
	export class Error {
	    kind: string;
	    key: string;
	    message: string;
	    fields?: engine.FieldError[];
	    rows?: engine.RowError[];
	
	    static createFrom(source: any = {}) {
	        return new Error(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.key = source["key"];
	        this.message = source["message"];
	        this.fields = this.convertValues(source["fields"], engine.FieldError);
	        this.rows = this.convertValues(source["rows"], engine.RowError);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class JobEvent {
	    kind: string;
	    shopId: number;
	    state: string;
	    done: number;
	    total: number;
	    error?: Error;
	
	    static createFrom(source: any = {}) {
	        return new JobEvent(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.shopId = source["shopId"];
	        this.state = source["state"];
	        this.done = source["done"];
	        this.total = source["total"];
	        this.error = this.convertValues(source["error"], Error);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AnalysisStatus {
	    job: JobEvent;
	    ready: boolean;
	    messages: number;
	    groups: number;
	    overlaps: number;
	    at: string;
	    elapsedSeconds: number;
	
	    static createFrom(source: any = {}) {
	        return new AnalysisStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.job = this.convertValues(source["job"], JobEvent);
	        this.ready = source["ready"];
	        this.messages = source["messages"];
	        this.groups = source["groups"];
	        this.overlaps = source["overlaps"];
	        this.at = source["at"];
	        this.elapsedSeconds = source["elapsedSeconds"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class BeginUploadRequest {
	    fileName: string;
	    size: number;
	
	    static createFrom(source: any = {}) {
	        return new BeginUploadRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.fileName = source["fileName"];
	        this.size = source["size"];
	    }
	}
	export class ConversationView {
	    conversation: engine.Conversation;
	    messages: engine.Message[];
	    decisions: engine.DecisionRecord[];
	    ratings: engine.Rating[];
	
	    static createFrom(source: any = {}) {
	        return new ConversationView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversation = this.convertValues(source["conversation"], engine.Conversation);
	        this.messages = this.convertValues(source["messages"], engine.Message);
	        this.decisions = this.convertValues(source["decisions"], engine.DecisionRecord);
	        this.ratings = this.convertValues(source["ratings"], engine.Rating);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CopyRequest {
	    fromShopId: number;
	    toShopId: number;
	    entryIds: number[];
	
	    static createFrom(source: any = {}) {
	        return new CopyRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.fromShopId = source["fromShopId"];
	        this.toShopId = source["toShopId"];
	        this.entryIds = source["entryIds"];
	    }
	}
	export class CopySettingsRequest {
	    from: number;
	    to: number;
	    prefix: string;
	
	    static createFrom(source: any = {}) {
	        return new CopySettingsRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.prefix = source["prefix"];
	    }
	}
	export class KPISeries {
	    met: number[];
	    missed: number[];
	    due: number[];
	
	    static createFrom(source: any = {}) {
	        return new KPISeries(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.met = source["met"];
	        this.missed = source["missed"];
	        this.due = source["due"];
	    }
	}
	export class DaySeries {
	    dates: string[];
	    sessions: number[];
	    answered24h: number[];
	    due24h: number[];
	    humanSessions: number[];
	    firstResponseMs: number[];
	    rated: number[];
	    satisfied: number[];
	    resolved: number[];
	    robotSessions: number[];
	    robotHandoffs: number[];
	    kpis: KPISeries[];
	
	    static createFrom(source: any = {}) {
	        return new DaySeries(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.dates = source["dates"];
	        this.sessions = source["sessions"];
	        this.answered24h = source["answered24h"];
	        this.due24h = source["due24h"];
	        this.humanSessions = source["humanSessions"];
	        this.firstResponseMs = source["firstResponseMs"];
	        this.rated = source["rated"];
	        this.satisfied = source["satisfied"];
	        this.resolved = source["resolved"];
	        this.robotSessions = source["robotSessions"];
	        this.robotHandoffs = source["robotHandoffs"];
	        this.kpis = this.convertValues(source["kpis"], KPISeries);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Dashboard {
	    shopId: number;
	    shopName: string;
	    platform: string;
	    timeZone: string;
	    from: string;
	    to: string;
	    agentId: number;
	    kpis: engine.KPIInfo[];
	    sources: engine.KPISource[];
	    series: DaySeries;
	    total: engine.Figures;
	    agents: engine.AgentFigures[];
	    unsolved: engine.ReasonCount[];
	    topHits: engine.EntryStat[];
	    topFailed: engine.EntryStat[];
	    now: string;
	
	    static createFrom(source: any = {}) {
	        return new Dashboard(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.shopName = source["shopName"];
	        this.platform = source["platform"];
	        this.timeZone = source["timeZone"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.agentId = source["agentId"];
	        this.kpis = this.convertValues(source["kpis"], engine.KPIInfo);
	        this.sources = this.convertValues(source["sources"], engine.KPISource);
	        this.series = this.convertValues(source["series"], DaySeries);
	        this.total = this.convertValues(source["total"], engine.Figures);
	        this.agents = this.convertValues(source["agents"], engine.AgentFigures);
	        this.unsolved = this.convertValues(source["unsolved"], engine.ReasonCount);
	        this.topHits = this.convertValues(source["topHits"], engine.EntryStat);
	        this.topFailed = this.convertValues(source["topFailed"], engine.EntryStat);
	        this.now = source["now"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class DisagreementPage {
	    items: engine.Disagreement[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new DisagreementPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], engine.Disagreement);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ExportRequest {
	    shopId: number;
	    format: string;
	    locale: string;
	
	    static createFrom(source: any = {}) {
	        return new ExportRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.format = source["format"];
	        this.locale = source["locale"];
	    }
	}
	export class ExportResult {
	    path: string;
	    entries: number;
	
	    static createFrom(source: any = {}) {
	        return new ExportResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.entries = source["entries"];
	    }
	}
	export class FeedbackCounts {
	    proposals: number;
	    review: number;
	
	    static createFrom(source: any = {}) {
	        return new FeedbackCounts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.proposals = source["proposals"];
	        this.review = source["review"];
	    }
	}
	export class GroupPage {
	    items: engine.QuestionGroup[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new GroupPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], engine.QuestionGroup);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class HistoryExportRequest {
	    shopId: number;
	    from: string;
	    to: string;
	    format: string;
	
	    static createFrom(source: any = {}) {
	        return new HistoryExportRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.format = source["format"];
	    }
	}
	export class HistoryExportResult {
	    path: string;
	    conversations: number;
	    messages: number;
	
	    static createFrom(source: any = {}) {
	        return new HistoryExportResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.conversations = source["conversations"];
	        this.messages = source["messages"];
	    }
	}
	export class HistoryImportRequest {
	    shopId: number;
	    uploadId: string;
	
	    static createFrom(source: any = {}) {
	        return new HistoryImportRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.uploadId = source["uploadId"];
	    }
	}
	export class HitTestRequest {
	    shopId: number;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new HitTestRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.text = source["text"];
	    }
	}
	export class ImportRequest {
	    shopId: number;
	    uploadId: string;
	    jobId: string;
	
	    static createFrom(source: any = {}) {
	        return new ImportRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.uploadId = source["uploadId"];
	        this.jobId = source["jobId"];
	    }
	}
	export class ImportSensitiveWordsRequest {
	    shopId: number;
	    content: string;
	
	    static createFrom(source: any = {}) {
	        return new ImportSensitiveWordsRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.content = source["content"];
	    }
	}
	export class Info {
	    version: string;
	    dataDir: string;
	    simulatorUrl: string;
	    logDir: string;
	
	    static createFrom(source: any = {}) {
	        return new Info(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.dataDir = source["dataDir"];
	        this.simulatorUrl = source["simulatorUrl"];
	        this.logDir = source["logDir"];
	    }
	}
	export class IntentInfo {
	    key: string;
	    category: string;
	
	    static createFrom(source: any = {}) {
	        return new IntentInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.category = source["category"];
	    }
	}
	
	export class KBMeta {
	    categories: string[];
	    intents: IntentInfo[];
	    orderStatuses: string[];
	    operations: string[];
	    variables: string[];
	    formats: string[];
	    maxFileBytes: number;
	    maxQuestionRunes: number;
	    maxAnswerRunes: number;
	    maxAnswersEach: number;
	    maxSimilar: number;
	    maxSynonymGroups: number;
	    maxSynonymWords: number;
	    maxHitTestResults: number;
	
	    static createFrom(source: any = {}) {
	        return new KBMeta(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.categories = source["categories"];
	        this.intents = this.convertValues(source["intents"], IntentInfo);
	        this.orderStatuses = source["orderStatuses"];
	        this.operations = source["operations"];
	        this.variables = source["variables"];
	        this.formats = source["formats"];
	        this.maxFileBytes = source["maxFileBytes"];
	        this.maxQuestionRunes = source["maxQuestionRunes"];
	        this.maxAnswerRunes = source["maxAnswerRunes"];
	        this.maxAnswersEach = source["maxAnswersEach"];
	        this.maxSimilar = source["maxSimilar"];
	        this.maxSynonymGroups = source["maxSynonymGroups"];
	        this.maxSynonymWords = source["maxSynonymWords"];
	        this.maxHitTestResults = source["maxHitTestResults"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class LLMSettings {
	    baseUrl: string;
	    model: string;
	    enabled: boolean;
	    budgetMs: number;
	    topK: number;
	    hasKey: boolean;
	    keyPlace: string;
	
	    static createFrom(source: any = {}) {
	        return new LLMSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.baseUrl = source["baseUrl"];
	        this.model = source["model"];
	        this.enabled = source["enabled"];
	        this.budgetMs = source["budgetMs"];
	        this.topK = source["topK"];
	        this.hasKey = source["hasKey"];
	        this.keyPlace = source["keyPlace"];
	    }
	}
	export class LLMTestResult {
	    ok: boolean;
	    latencyMs: number;
	    error?: Error;
	
	    static createFrom(source: any = {}) {
	        return new LLMTestResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.latencyMs = source["latencyMs"];
	        this.error = this.convertValues(source["error"], Error);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MetricsExportRequest {
	    shopId: number;
	    agentId: number;
	    from: string;
	    to: string;
	    format: string;
	    locale: string;
	
	    static createFrom(source: any = {}) {
	        return new MetricsExportRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.agentId = source["agentId"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.format = source["format"];
	        this.locale = source["locale"];
	    }
	}
	export class MetricsExportResult {
	    path: string;
	    days: number;
	
	    static createFrom(source: any = {}) {
	        return new MetricsExportResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.days = source["days"];
	    }
	}
	export class NotifyRequest {
	    title: string;
	    body: string;
	    sound: boolean;
	
	    static createFrom(source: any = {}) {
	        return new NotifyRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.body = source["body"];
	        this.sound = source["sound"];
	    }
	}
	export class OperationRequest {
	    conversationId: number;
	    operation: string;
	    orderId: string;
	
	    static createFrom(source: any = {}) {
	        return new OperationRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversationId = source["conversationId"];
	        this.operation = source["operation"];
	        this.orderId = source["orderId"];
	    }
	}
	export class OverlapPage {
	    items: engine.Overlap[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new OverlapPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], engine.Overlap);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ProposalPage {
	    items: engine.Proposal[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new ProposalPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], engine.Proposal);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ReplayRequest {
	    shopId: number;
	    from: string;
	    to: string;
	    source: string;
	    target: number;
	
	    static createFrom(source: any = {}) {
	        return new ReplayRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.source = source["source"];
	        this.target = source["target"];
	    }
	}
	export class ReplayView {
	    job: JobEvent;
	    report?: engine.ReplayReport;
	    kbChanged: boolean;
	    from: string;
	    to: string;
	
	    static createFrom(source: any = {}) {
	        return new ReplayView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.job = this.convertValues(source["job"], JobEvent);
	        this.report = this.convertValues(source["report"], engine.ReplayReport);
	        this.kbChanged = source["kbChanged"];
	        this.from = source["from"];
	        this.to = source["to"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ReportRequest {
	    shopId: number;
	    intent: string;
	    state: string;
	    conversationId: number;
	    text: string;
	    uploadId: string;
	
	    static createFrom(source: any = {}) {
	        return new ReportRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.intent = source["intent"];
	        this.state = source["state"];
	        this.conversationId = source["conversationId"];
	        this.text = source["text"];
	        this.uploadId = source["uploadId"];
	    }
	}
	export class ReviewPage {
	    items: engine.ReviewItem[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new ReviewPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], engine.ReviewItem);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RollbackRequest {
	    shopId: number;
	    intent: string;
	    changeId: number;
	
	    static createFrom(source: any = {}) {
	        return new RollbackRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.intent = source["intent"];
	        this.changeId = source["changeId"];
	    }
	}
	export class SaveLLMRequest {
	    baseUrl: string;
	    model: string;
	    enabled: boolean;
	    budgetMs: number;
	    topK: number;
	    setKey: boolean;
	    apiKey: string;
	
	    static createFrom(source: any = {}) {
	        return new SaveLLMRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.baseUrl = source["baseUrl"];
	        this.model = source["model"];
	        this.enabled = source["enabled"];
	        this.budgetMs = source["budgetMs"];
	        this.topK = source["topK"];
	        this.setKey = source["setKey"];
	        this.apiKey = source["apiKey"];
	    }
	}
	export class SaveShopSettingsRequest {
	    shopId: number;
	    changes: {[key: string]: string};
	
	    static createFrom(source: any = {}) {
	        return new SaveShopSettingsRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.changes = source["changes"];
	    }
	}
	export class ScriptsRequest {
	    shopId: number;
	    intent: string;
	    state: string;
	    scripts: string[];
	
	    static createFrom(source: any = {}) {
	        return new ScriptsRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.intent = source["intent"];
	        this.state = source["state"];
	        this.scripts = source["scripts"];
	    }
	}
	export class SendRequest {
	    conversationId: number;
	    text: string;
	    entryId: number;
	    fromEntryId: number;
	    edited: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SendRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversationId = source["conversationId"];
	        this.text = source["text"];
	        this.entryId = source["entryId"];
	        this.fromEntryId = source["fromEntryId"];
	        this.edited = source["edited"];
	    }
	}
	export class ShopSettingsView {
	    shopId: number;
	    settings: engine.ShopSettings;
	    defaults: engine.ShopSettings;
	    values: engine.SettingValue[];
	    canEdit: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ShopSettingsView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.settings = this.convertValues(source["settings"], engine.ShopSettings);
	        this.defaults = this.convertValues(source["defaults"], engine.ShopSettings);
	        this.values = this.convertValues(source["values"], engine.SettingValue);
	        this.canEdit = source["canEdit"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SynonymsRequest {
	    shopId: number;
	    groups: string[][];
	
	    static createFrom(source: any = {}) {
	        return new SynonymsRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.groups = source["groups"];
	    }
	}
	export class UploadChunkRequest {
	    uploadId: string;
	    offset: number;
	    data: number[];
	
	    static createFrom(source: any = {}) {
	        return new UploadChunkRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.uploadId = source["uploadId"];
	        this.offset = source["offset"];
	        this.data = source["data"];
	    }
	}
	export class ViewReport {
	    window: string;
	    conversationId: number;
	    focused: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ViewReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.window = source["window"];
	        this.conversationId = source["conversationId"];
	        this.focused = source["focused"];
	    }
	}
	export class WebhookInfo {
	    url: string;
	    callbackUrl: string;
	    hasToken: boolean;
	    pending: number;
	
	    static createFrom(source: any = {}) {
	        return new WebhookInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.callbackUrl = source["callbackUrl"];
	        this.hasToken = source["hasToken"];
	        this.pending = source["pending"];
	    }
	}

}

export namespace engine {
	
	export class AcceptProposal {
	    id: number;
	    entryId: number;
	    questions: string[];
	    answer: string;
	    category: string;
	
	    static createFrom(source: any = {}) {
	        return new AcceptProposal(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.entryId = source["entryId"];
	        this.questions = source["questions"];
	        this.answer = source["answer"];
	        this.category = source["category"];
	    }
	}
	export class Agent {
	    id: number;
	    name: string;
	    status: string;
	    capacity: number;
	    role: string;
	    active: number;
	    // Go type: time
	    lastAssignedAt: any;
	    autoSend: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Agent(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.status = source["status"];
	        this.capacity = source["capacity"];
	        this.role = source["role"];
	        this.active = source["active"];
	        this.lastAssignedAt = this.convertValues(source["lastAssignedAt"], null);
	        this.autoSend = source["autoSend"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class KPICount {
	    met: number;
	    missed: number;
	    due: number;
	
	    static createFrom(source: any = {}) {
	        return new KPICount(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.met = source["met"];
	        this.missed = source["missed"];
	        this.due = source["due"];
	    }
	}
	export class AgentFigures {
	    agentId: number;
	    name: string;
	    sessions: number;
	    answered24h: number;
	    due24h: number;
	    humanSessions: number;
	    firstResponseMs: number;
	    rated: number;
	    satisfied: number;
	    resolved: number;
	    robotSessions: number;
	    robotHandoffs: number;
	    kpis: KPICount[];
	
	    static createFrom(source: any = {}) {
	        return new AgentFigures(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.agentId = source["agentId"];
	        this.name = source["name"];
	        this.sessions = source["sessions"];
	        this.answered24h = source["answered24h"];
	        this.due24h = source["due24h"];
	        this.humanSessions = source["humanSessions"];
	        this.firstResponseMs = source["firstResponseMs"];
	        this.rated = source["rated"];
	        this.satisfied = source["satisfied"];
	        this.resolved = source["resolved"];
	        this.robotSessions = source["robotSessions"];
	        this.robotHandoffs = source["robotHandoffs"];
	        this.kpis = this.convertValues(source["kpis"], KPICount);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AgentPatch {
	    id: number;
	    name?: string;
	    status?: string;
	    capacity?: number;
	    role?: string;
	    autoSend?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new AgentPatch(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.status = source["status"];
	        this.capacity = source["capacity"];
	        this.role = source["role"];
	        this.autoSend = source["autoSend"];
	    }
	}
	export class Answer {
	    text: string;
	    when: string[];
	
	    static createFrom(source: any = {}) {
	        return new Answer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.when = source["when"];
	    }
	}
	export class RuleView {
	    id: string;
	    text: string;
	    source: string;
	    date: string;
	
	    static createFrom(source: any = {}) {
	        return new RuleView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.text = source["text"];
	        this.source = source["source"];
	        this.date = source["date"];
	    }
	}
	export class Script {
	    text: string;
	    missing: string[];
	
	    static createFrom(source: any = {}) {
	        return new Script(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.missing = source["missing"];
	    }
	}
	export class ScenarioView {
	    intent: string;
	    name: string;
	    order: OrderContext;
	    scripts: Script[];
	    operations: string[];
	    rules: RuleView[];
	
	    static createFrom(source: any = {}) {
	        return new ScenarioView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.intent = source["intent"];
	        this.name = source["name"];
	        this.order = this.convertValues(source["order"], OrderContext);
	        this.scripts = this.convertValues(source["scripts"], Script);
	        this.operations = source["operations"];
	        this.rules = this.convertValues(source["rules"], RuleView);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class OrderItem {
	    name: string;
	    sku: string;
	    quantity: number;
	
	    static createFrom(source: any = {}) {
	        return new OrderItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.sku = source["sku"];
	        this.quantity = source["quantity"];
	    }
	}
	export class Order {
	    id: string;
	    shopId: number;
	    buyerId: number;
	    status: string;
	    amountCents: number;
	    currency: string;
	    items: OrderItem[];
	    // Go type: time
	    promiseShipAt: any;
	    courier: string;
	    trackingNo: string;
	    address: string;
	    // Go type: time
	    createdAt: any;
	    // Go type: time
	    updatedAt: any;
	
	    static createFrom(source: any = {}) {
	        return new Order(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.shopId = source["shopId"];
	        this.buyerId = source["buyerId"];
	        this.status = source["status"];
	        this.amountCents = source["amountCents"];
	        this.currency = source["currency"];
	        this.items = this.convertValues(source["items"], OrderItem);
	        this.promiseShipAt = this.convertValues(source["promiseShipAt"], null);
	        this.courier = source["courier"];
	        this.trackingNo = source["trackingNo"];
	        this.address = source["address"];
	        this.createdAt = this.convertValues(source["createdAt"], null);
	        this.updatedAt = this.convertValues(source["updatedAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class OrderContext {
	    order?: Order;
	    state?: string;
	    source?: string;
	    overdue?: boolean;
	    candidates: number;
	
	    static createFrom(source: any = {}) {
	        return new OrderContext(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.order = this.convertValues(source["order"], Order);
	        this.state = source["state"];
	        this.source = source["source"];
	        this.overdue = source["overdue"];
	        this.candidates = source["candidates"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Draft {
	    text: string;
	    entryIds: number[];
	
	    static createFrom(source: any = {}) {
	        return new Draft(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.entryIds = source["entryIds"];
	    }
	}
	export class Suggestion {
	    entryId: number;
	    question: string;
	    intent: string;
	    category: string;
	    answer: string;
	    missing: string[];
	    operations: string[];
	    neverAuto: boolean;
	    confidence: number;
	
	    static createFrom(source: any = {}) {
	        return new Suggestion(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.entryId = source["entryId"];
	        this.question = source["question"];
	        this.intent = source["intent"];
	        this.category = source["category"];
	        this.answer = source["answer"];
	        this.missing = source["missing"];
	        this.operations = source["operations"];
	        this.neverAuto = source["neverAuto"];
	        this.confidence = source["confidence"];
	    }
	}
	export class Assist {
	    conversationId: number;
	    messageId: number;
	    query: string;
	    intent: string;
	    suggestions: Suggestion[];
	    reranking: boolean;
	    reranked: boolean;
	    noneFit: boolean;
	    drafting: boolean;
	    draft?: Draft;
	    order: OrderContext;
	    scenario?: ScenarioView;
	    sendFloor: number;
	
	    static createFrom(source: any = {}) {
	        return new Assist(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversationId = source["conversationId"];
	        this.messageId = source["messageId"];
	        this.query = source["query"];
	        this.intent = source["intent"];
	        this.suggestions = this.convertValues(source["suggestions"], Suggestion);
	        this.reranking = source["reranking"];
	        this.reranked = source["reranked"];
	        this.noneFit = source["noneFit"];
	        this.drafting = source["drafting"];
	        this.draft = this.convertValues(source["draft"], Draft);
	        this.order = this.convertValues(source["order"], OrderContext);
	        this.scenario = this.convertValues(source["scenario"], ScenarioView);
	        this.sendFloor = source["sendFloor"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Buyer {
	    id: number;
	    shopId: number;
	    externalId: string;
	    name: string;
	    tags?: string[];
	    note?: string;
	    followUp?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Buyer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.shopId = source["shopId"];
	        this.externalId = source["externalId"];
	        this.name = source["name"];
	        this.tags = source["tags"];
	        this.note = source["note"];
	        this.followUp = source["followUp"];
	    }
	}
	export class BuyerNotes {
	    tags: string[];
	    note: string;
	    followUp: boolean;
	
	    static createFrom(source: any = {}) {
	        return new BuyerNotes(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.tags = source["tags"];
	        this.note = source["note"];
	        this.followUp = source["followUp"];
	    }
	}
	export class Money {
	    currency: string;
	    amountCents: number;
	
	    static createFrom(source: any = {}) {
	        return new Money(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.currency = source["currency"];
	        this.amountCents = source["amountCents"];
	    }
	}
	export class BuyerProfile {
	    buyer: Buyer;
	    shopName: string;
	    platform: string;
	    // Go type: time
	    firstSeen: any;
	    conversations: number;
	    orders: Order[];
	    orderCount: number;
	    totals: Money[];
	    // Go type: time
	    updatedAt: any;
	
	    static createFrom(source: any = {}) {
	        return new BuyerProfile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.buyer = this.convertValues(source["buyer"], Buyer);
	        this.shopName = source["shopName"];
	        this.platform = source["platform"];
	        this.firstSeen = this.convertValues(source["firstSeen"], null);
	        this.conversations = source["conversations"];
	        this.orders = this.convertValues(source["orders"], Order);
	        this.orderCount = source["orderCount"];
	        this.totals = this.convertValues(source["totals"], Money);
	        this.updatedAt = this.convertValues(source["updatedAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CalibrationPoint {
	    threshold: number;
	    precision: number;
	    coverage: number;
	
	    static createFrom(source: any = {}) {
	        return new CalibrationPoint(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.threshold = source["threshold"];
	        this.precision = source["precision"];
	        this.coverage = source["coverage"];
	    }
	}
	export class Calibration {
	    shopId: number;
	    points: CalibrationPoint[];
	    threshold95: number;
	    coverage95: number;
	    reached95: boolean;
	    samples: number;
	    outOfScopeShare: number;
	
	    static createFrom(source: any = {}) {
	        return new Calibration(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.points = this.convertValues(source["points"], CalibrationPoint);
	        this.threshold95 = source["threshold95"];
	        this.coverage95 = source["coverage95"];
	        this.reached95 = source["reached95"];
	        this.samples = source["samples"];
	        this.outOfScopeShare = source["outOfScopeShare"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class CardAddress {
	    orderId: string;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new CardAddress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.orderId = source["orderId"];
	        this.text = source["text"];
	    }
	}
	export class Coupon {
	    amountOffCents: number;
	    minSpendCents: number;
	    currency: string;
	    // Go type: time
	    expiresAt: any;
	
	    static createFrom(source: any = {}) {
	        return new Coupon(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.amountOffCents = source["amountOffCents"];
	        this.minSpendCents = source["minSpendCents"];
	        this.currency = source["currency"];
	        this.expiresAt = this.convertValues(source["expiresAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CardOrder {
	    id: string;
	    status: string;
	    items: OrderItem[];
	    amountCents: number;
	    currency: string;
	    // Go type: time
	    promiseShipAt: any;
	    courier: string;
	    trackingNo: string;
	    address: string;
	
	    static createFrom(source: any = {}) {
	        return new CardOrder(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.status = source["status"];
	        this.items = this.convertValues(source["items"], OrderItem);
	        this.amountCents = source["amountCents"];
	        this.currency = source["currency"];
	        this.promiseShipAt = this.convertValues(source["promiseShipAt"], null);
	        this.courier = source["courier"];
	        this.trackingNo = source["trackingNo"];
	        this.address = source["address"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Card {
	    kind: string;
	    order?: CardOrder;
	    candidates?: CardOrder[];
	    coupon?: Coupon;
	    address?: CardAddress;
	
	    static createFrom(source: any = {}) {
	        return new Card(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.order = this.convertValues(source["order"], CardOrder);
	        this.candidates = this.convertValues(source["candidates"], CardOrder);
	        this.coupon = this.convertValues(source["coupon"], Coupon);
	        this.address = this.convertValues(source["address"], CardAddress);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class Entry {
	    id: number;
	    shopId: number;
	    question: string;
	    similar: string[];
	    answers: Answer[];
	    category: string;
	    intent: string;
	    enabled: boolean;
	    operations: string[];
	    neverAuto: boolean;
	    version: number;
	    // Go type: time
	    updatedAt: any;
	    updatedBy: string;
	
	    static createFrom(source: any = {}) {
	        return new Entry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.shopId = source["shopId"];
	        this.question = source["question"];
	        this.similar = source["similar"];
	        this.answers = this.convertValues(source["answers"], Answer);
	        this.category = source["category"];
	        this.intent = source["intent"];
	        this.enabled = source["enabled"];
	        this.operations = source["operations"];
	        this.neverAuto = source["neverAuto"];
	        this.version = source["version"];
	        this.updatedAt = this.convertValues(source["updatedAt"], null);
	        this.updatedBy = source["updatedBy"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Change {
	    id: number;
	    shopId: number;
	    entryId: number;
	    action: string;
	    actor: string;
	    // Go type: time
	    at: any;
	    before?: Entry;
	    after?: Entry;
	    seq: number;
	    origin?: string;
	
	    static createFrom(source: any = {}) {
	        return new Change(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.shopId = source["shopId"];
	        this.entryId = source["entryId"];
	        this.action = source["action"];
	        this.actor = source["actor"];
	        this.at = this.convertValues(source["at"], null);
	        this.before = this.convertValues(source["before"], Entry);
	        this.after = this.convertValues(source["after"], Entry);
	        this.seq = source["seq"];
	        this.origin = source["origin"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ChatImportResult {
	    conversations: number;
	    messages: number;
	    skipped: number;
	    buyers: number;
	
	    static createFrom(source: any = {}) {
	        return new ChatImportResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversations = source["conversations"];
	        this.messages = source["messages"];
	        this.skipped = source["skipped"];
	        this.buyers = source["buyers"];
	    }
	}
	export class Conversation {
	    id: number;
	    shopId: number;
	    shopName: string;
	    buyerId: number;
	    buyerName: string;
	    followUp?: boolean;
	    status: string;
	    state: string;
	    agentId: number;
	    agentName: string;
	    priority: boolean;
	    unread: number;
	    unreplied: boolean;
	    // Go type: time
	    waitingSince: any;
	    lastText: string;
	    lastSender: string;
	    // Go type: time
	    lastAt: any;
	    // Go type: time
	    startedAt: any;
	    // Go type: time
	    lastBuyerAt: any;
	    // Go type: time
	    queuedAt: any;
	    releasedBy?: number;
	    attention?: string;
	    // Go type: time
	    closedAt: any;
	    closeReason?: string;
	    // Go type: time
	    deadline: any;
	    deadlineKey?: string;
	
	    static createFrom(source: any = {}) {
	        return new Conversation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.shopId = source["shopId"];
	        this.shopName = source["shopName"];
	        this.buyerId = source["buyerId"];
	        this.buyerName = source["buyerName"];
	        this.followUp = source["followUp"];
	        this.status = source["status"];
	        this.state = source["state"];
	        this.agentId = source["agentId"];
	        this.agentName = source["agentName"];
	        this.priority = source["priority"];
	        this.unread = source["unread"];
	        this.unreplied = source["unreplied"];
	        this.waitingSince = this.convertValues(source["waitingSince"], null);
	        this.lastText = source["lastText"];
	        this.lastSender = source["lastSender"];
	        this.lastAt = this.convertValues(source["lastAt"], null);
	        this.startedAt = this.convertValues(source["startedAt"], null);
	        this.lastBuyerAt = this.convertValues(source["lastBuyerAt"], null);
	        this.queuedAt = this.convertValues(source["queuedAt"], null);
	        this.releasedBy = source["releasedBy"];
	        this.attention = source["attention"];
	        this.closedAt = this.convertValues(source["closedAt"], null);
	        this.closeReason = source["closeReason"];
	        this.deadline = this.convertValues(source["deadline"], null);
	        this.deadlineKey = source["deadlineKey"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Reason {
	    key: string;
	    args?: {[key: string]: string};
	
	    static createFrom(source: any = {}) {
	        return new Reason(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.args = source["args"];
	    }
	}
	export class DecisionRecord {
	    messageId: number;
	    conversationId: number;
	    shopId: number;
	    outcome: string;
	    reason: Reason;
	    entryId: number;
	    intent: string;
	    confidence: number;
	    threshold: number;
	    replyId: number;
	    agentId: number;
	    // Go type: time
	    decidedAt: any;
	    noticeId?: number;
	    notice?: Reason;
	
	    static createFrom(source: any = {}) {
	        return new DecisionRecord(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.messageId = source["messageId"];
	        this.conversationId = source["conversationId"];
	        this.shopId = source["shopId"];
	        this.outcome = source["outcome"];
	        this.reason = this.convertValues(source["reason"], Reason);
	        this.entryId = source["entryId"];
	        this.intent = source["intent"];
	        this.confidence = source["confidence"];
	        this.threshold = source["threshold"];
	        this.replyId = source["replyId"];
	        this.agentId = source["agentId"];
	        this.decidedAt = this.convertValues(source["decidedAt"], null);
	        this.noticeId = source["noticeId"];
	        this.notice = this.convertValues(source["notice"], Reason);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Disagreement {
	    conversationId: number;
	    messageId: number;
	    // Go type: time
	    at: any;
	    question: string;
	    entryId: number;
	    entryQuestion: string;
	    answer: string;
	    human: string;
	    confidence: number;
	    upTo: number;
	
	    static createFrom(source: any = {}) {
	        return new Disagreement(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversationId = source["conversationId"];
	        this.messageId = source["messageId"];
	        this.at = this.convertValues(source["at"], null);
	        this.question = source["question"];
	        this.entryId = source["entryId"];
	        this.entryQuestion = source["entryQuestion"];
	        this.answer = source["answer"];
	        this.human = source["human"];
	        this.confidence = source["confidence"];
	        this.upTo = source["upTo"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class EntryFilter {
	    shopId: number;
	    query: string;
	    category: string;
	    enabled: string;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new EntryFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.query = source["query"];
	        this.category = source["category"];
	        this.enabled = source["enabled"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}
	export class EntryStats {
	    hits: number;
	    recognized: number;
	    // Go type: time
	    lastHitAt?: any;
	    solved: number;
	    unsolved: number;
	
	    static createFrom(source: any = {}) {
	        return new EntryStats(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.hits = source["hits"];
	        this.recognized = source["recognized"];
	        this.lastHitAt = this.convertValues(source["lastHitAt"], null);
	        this.solved = source["solved"];
	        this.unsolved = source["unsolved"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ListedEntry {
	    id: number;
	    shopId: number;
	    question: string;
	    similar: string[];
	    answers: Answer[];
	    category: string;
	    intent: string;
	    enabled: boolean;
	    operations: string[];
	    neverAuto: boolean;
	    version: number;
	    // Go type: time
	    updatedAt: any;
	    updatedBy: string;
	    stats: EntryStats;
	
	    static createFrom(source: any = {}) {
	        return new ListedEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.shopId = source["shopId"];
	        this.question = source["question"];
	        this.similar = source["similar"];
	        this.answers = this.convertValues(source["answers"], Answer);
	        this.category = source["category"];
	        this.intent = source["intent"];
	        this.enabled = source["enabled"];
	        this.operations = source["operations"];
	        this.neverAuto = source["neverAuto"];
	        this.version = source["version"];
	        this.updatedAt = this.convertValues(source["updatedAt"], null);
	        this.updatedBy = source["updatedBy"];
	        this.stats = this.convertValues(source["stats"], EntryStats);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class EntryPage {
	    entries: ListedEntry[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new EntryPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.entries = this.convertValues(source["entries"], ListedEntry);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class EntryStat {
	    entryId: number;
	    question: string;
	    hits: number;
	    failed: number;
	
	    static createFrom(source: any = {}) {
	        return new EntryStat(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.entryId = source["entryId"];
	        this.question = source["question"];
	        this.hits = source["hits"];
	        this.failed = source["failed"];
	    }
	}
	
	export class Factor {
	    key: string;
	    value: number;
	
	    static createFrom(source: any = {}) {
	        return new Factor(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.value = source["value"];
	    }
	}
	export class FieldError {
	    field: string;
	    key: string;
	    detail: string;
	
	    static createFrom(source: any = {}) {
	        return new FieldError(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.field = source["field"];
	        this.key = source["key"];
	        this.detail = source["detail"];
	    }
	}
	export class Figures {
	    sessions: number;
	    answered24h: number;
	    due24h: number;
	    humanSessions: number;
	    firstResponseMs: number;
	    rated: number;
	    satisfied: number;
	    resolved: number;
	    robotSessions: number;
	    robotHandoffs: number;
	    kpis: KPICount[];
	
	    static createFrom(source: any = {}) {
	        return new Figures(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.sessions = source["sessions"];
	        this.answered24h = source["answered24h"];
	        this.due24h = source["due24h"];
	        this.humanSessions = source["humanSessions"];
	        this.firstResponseMs = source["firstResponseMs"];
	        this.rated = source["rated"];
	        this.satisfied = source["satisfied"];
	        this.resolved = source["resolved"];
	        this.robotSessions = source["robotSessions"];
	        this.robotHandoffs = source["robotHandoffs"];
	        this.kpis = this.convertValues(source["kpis"], KPICount);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FixReview {
	    id: number;
	    answer: string;
	
	    static createFrom(source: any = {}) {
	        return new FixReview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.answer = source["answer"];
	    }
	}
	export class GroupAction {
	    shopId: number;
	    entryId: number;
	    questions: string[];
	    answer: string;
	    category: string;
	
	    static createFrom(source: any = {}) {
	        return new GroupAction(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.entryId = source["entryId"];
	        this.questions = source["questions"];
	        this.answer = source["answer"];
	        this.category = source["category"];
	    }
	}
	export class GroupEntry {
	    id: number;
	    question: string;
	    confidence: number;
	
	    static createFrom(source: any = {}) {
	        return new GroupEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.question = source["question"];
	        this.confidence = source["confidence"];
	    }
	}
	export class Span {
	    start: number;
	    end: number;
	
	    static createFrom(source: any = {}) {
	        return new Span(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.start = source["start"];
	        this.end = source["end"];
	    }
	}
	export class HitTestResult {
	    entry: Entry;
	    score: number;
	    confidence: number;
	    basis?: Factor[];
	    question: string;
	    questionSpans: Span[];
	    querySpans: Span[];
	    autoAnswer: boolean;
	
	    static createFrom(source: any = {}) {
	        return new HitTestResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.entry = this.convertValues(source["entry"], Entry);
	        this.score = source["score"];
	        this.confidence = source["confidence"];
	        this.basis = this.convertValues(source["basis"], Factor);
	        this.question = source["question"];
	        this.questionSpans = this.convertValues(source["questionSpans"], Span);
	        this.querySpans = this.convertValues(source["querySpans"], Span);
	        this.autoAnswer = source["autoAnswer"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ImportResult {
	    created: number;
	    updated: number;
	    seq: number;
	
	    static createFrom(source: any = {}) {
	        return new ImportResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.created = source["created"];
	        this.updated = source["updated"];
	        this.seq = source["seq"];
	    }
	}
	export class Inserted {
	    phraseId: number;
	    text: string;
	    missing: string[];
	
	    static createFrom(source: any = {}) {
	        return new Inserted(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.phraseId = source["phraseId"];
	        this.text = source["text"];
	        this.missing = source["missing"];
	    }
	}
	
	export class KPIInfo {
	    key: string;
	    name: {[key: string]: string};
	    kind: string;
	    minutes: number;
	    window: string;
	    target: number;
	    note?: {[key: string]: string};
	
	    static createFrom(source: any = {}) {
	        return new KPIInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.name = source["name"];
	        this.kind = source["kind"];
	        this.minutes = source["minutes"];
	        this.window = source["window"];
	        this.target = source["target"];
	        this.note = source["note"];
	    }
	}
	export class KPISource {
	    title: string;
	    url: string;
	    date: string;
	    secondary?: boolean;
	    note?: {[key: string]: string};
	
	    static createFrom(source: any = {}) {
	        return new KPISource(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.url = source["url"];
	        this.date = source["date"];
	        this.secondary = source["secondary"];
	        this.note = source["note"];
	    }
	}
	export class ListCounts {
	    all: number;
	    unread: number;
	    unreplied: number;
	    queued: number;
	    closed: number;
	
	    static createFrom(source: any = {}) {
	        return new ListCounts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.all = source["all"];
	        this.unread = source["unread"];
	        this.unreplied = source["unreplied"];
	        this.queued = source["queued"];
	        this.closed = source["closed"];
	    }
	}
	export class ListFilter {
	    shopIds: number[];
	    list: string;
	    agentId: number;
	    query: string;
	    // Go type: time
	    from: any;
	    // Go type: time
	    to: any;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new ListFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopIds = source["shopIds"];
	        this.list = source["list"];
	        this.agentId = source["agentId"];
	        this.query = source["query"];
	        this.from = this.convertValues(source["from"], null);
	        this.to = this.convertValues(source["to"], null);
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Message {
	    id: number;
	    conversationId: number;
	    sender: string;
	    type: string;
	    text: string;
	    entryId: number;
	    agentId?: number;
	    payload?: Card;
	    // Go type: time
	    createdAt: any;
	
	    static createFrom(source: any = {}) {
	        return new Message(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.conversationId = source["conversationId"];
	        this.sender = source["sender"];
	        this.type = source["type"];
	        this.text = source["text"];
	        this.entryId = source["entryId"];
	        this.agentId = source["agentId"];
	        this.payload = this.convertValues(source["payload"], Card);
	        this.createdAt = this.convertValues(source["createdAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MetricsRequest {
	    shopId: number;
	    agentId: number;
	    from: string;
	    to: string;
	
	    static createFrom(source: any = {}) {
	        return new MetricsRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.agentId = source["agentId"];
	        this.from = source["from"];
	        this.to = source["to"];
	    }
	}
	
	export class OperationResult {
	    conversation: Conversation;
	    message?: Message;
	
	    static createFrom(source: any = {}) {
	        return new OperationResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversation = this.convertValues(source["conversation"], Conversation);
	        this.message = this.convertValues(source["message"], Message);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class OrderImportResult {
	    created: number;
	    updated: number;
	    buyers: number;
	
	    static createFrom(source: any = {}) {
	        return new OrderImportResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.created = source["created"];
	        this.updated = source["updated"];
	        this.buyers = source["buyers"];
	    }
	}
	
	export class SharedQuestion {
	    a: string;
	    b: string;
	    similarity: number;
	
	    static createFrom(source: any = {}) {
	        return new SharedQuestion(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.a = source["a"];
	        this.b = source["b"];
	        this.similarity = source["similarity"];
	    }
	}
	export class OverlapEntry {
	    id: number;
	    question: string;
	    answer: string;
	
	    static createFrom(source: any = {}) {
	        return new OverlapEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.question = source["question"];
	        this.answer = source["answer"];
	    }
	}
	export class Overlap {
	    kind: string;
	    a: OverlapEntry;
	    b: OverlapEntry;
	    shared: SharedQuestion[];
	    answerSimilarity: number;
	
	    static createFrom(source: any = {}) {
	        return new Overlap(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.a = this.convertValues(source["a"], OverlapEntry);
	        this.b = this.convertValues(source["b"], OverlapEntry);
	        this.shared = this.convertValues(source["shared"], SharedQuestion);
	        this.answerSimilarity = source["answerSimilarity"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Page {
	    items: Conversation[];
	    total: number;
	    counts: ListCounts;
	
	    static createFrom(source: any = {}) {
	        return new Page(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Conversation);
	        this.total = source["total"];
	        this.counts = this.convertValues(source["counts"], ListCounts);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Proposal {
	    id: number;
	    shopId: number;
	    kind: string;
	    entryId: number;
	    entryQuestion: string;
	    question: string;
	    questions: string[];
	    answer: string;
	    why: string;
	    count: number;
	    conversationId: number;
	    messageId: number;
	    agent: string;
	    status: string;
	    // Go type: time
	    createdAt: any;
	    // Go type: time
	    updatedAt: any;
	    decidedBy?: string;
	    // Go type: time
	    decidedAt?: any;
	    changeId?: number;
	
	    static createFrom(source: any = {}) {
	        return new Proposal(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.shopId = source["shopId"];
	        this.kind = source["kind"];
	        this.entryId = source["entryId"];
	        this.entryQuestion = source["entryQuestion"];
	        this.question = source["question"];
	        this.questions = source["questions"];
	        this.answer = source["answer"];
	        this.why = source["why"];
	        this.count = source["count"];
	        this.conversationId = source["conversationId"];
	        this.messageId = source["messageId"];
	        this.agent = source["agent"];
	        this.status = source["status"];
	        this.createdAt = this.convertValues(source["createdAt"], null);
	        this.updatedAt = this.convertValues(source["updatedAt"], null);
	        this.decidedBy = source["decidedBy"];
	        this.decidedAt = this.convertValues(source["decidedAt"], null);
	        this.changeId = source["changeId"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class QuestionExample {
	    text: string;
	    count: number;
	    // Go type: time
	    lastAt: any;
	    messageId: number;
	    conversationId: number;
	    reply: string;
	
	    static createFrom(source: any = {}) {
	        return new QuestionExample(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.count = source["count"];
	        this.lastAt = this.convertValues(source["lastAt"], null);
	        this.messageId = source["messageId"];
	        this.conversationId = source["conversationId"];
	        this.reply = source["reply"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class QuestionGroup {
	    key: string;
	    label: string;
	    size: number;
	    distinct: number;
	    // Go type: time
	    lastAt: any;
	    rank: number;
	    examples: QuestionExample[];
	    keys: string[];
	    reply: string;
	    entry?: GroupEntry;
	
	    static createFrom(source: any = {}) {
	        return new QuestionGroup(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.label = source["label"];
	        this.size = source["size"];
	        this.distinct = source["distinct"];
	        this.lastAt = this.convertValues(source["lastAt"], null);
	        this.rank = source["rank"];
	        this.examples = this.convertValues(source["examples"], QuestionExample);
	        this.keys = source["keys"];
	        this.reply = source["reply"];
	        this.entry = this.convertValues(source["entry"], GroupEntry);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class QuickPhrase {
	    id: number;
	    shopId: number;
	    agentId: number;
	    personal: boolean;
	    group: string;
	    text: string;
	    sort: number;
	    uses: number;
	    // Go type: time
	    createdAt: any;
	    // Go type: time
	    updatedAt: any;
	
	    static createFrom(source: any = {}) {
	        return new QuickPhrase(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.shopId = source["shopId"];
	        this.agentId = source["agentId"];
	        this.personal = source["personal"];
	        this.group = source["group"];
	        this.text = source["text"];
	        this.sort = source["sort"];
	        this.uses = source["uses"];
	        this.createdAt = this.convertValues(source["createdAt"], null);
	        this.updatedAt = this.convertValues(source["updatedAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Rating {
	    conversationId: number;
	    shopId: number;
	    replyId: number;
	    entryId: number;
	    solved: boolean;
	    score: number;
	    reason?: string;
	    text?: string;
	    // Go type: time
	    ratedAt: any;
	
	    static createFrom(source: any = {}) {
	        return new Rating(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversationId = source["conversationId"];
	        this.shopId = source["shopId"];
	        this.replyId = source["replyId"];
	        this.entryId = source["entryId"];
	        this.solved = source["solved"];
	        this.score = source["score"];
	        this.reason = source["reason"];
	        this.text = source["text"];
	        this.ratedAt = this.convertValues(source["ratedAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ReasonCount {
	    reason: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new ReasonCount(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.reason = source["reason"];
	        this.count = source["count"];
	    }
	}
	export class ReplayPoint {
	    threshold: number;
	    coverage: number;
	    agreement: number;
	    answered: number;
	    agreed: number;
	    disagreed: number;
	
	    static createFrom(source: any = {}) {
	        return new ReplayPoint(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.threshold = source["threshold"];
	        this.coverage = source["coverage"];
	        this.agreement = source["agreement"];
	        this.answered = source["answered"];
	        this.agreed = source["agreed"];
	        this.disagreed = source["disagreed"];
	    }
	}
	export class ReplayQuery {
	    shopId: number;
	    // Go type: time
	    from: any;
	    // Go type: time
	    to: any;
	    source: string;
	
	    static createFrom(source: any = {}) {
	        return new ReplayQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shopId = source["shopId"];
	        this.from = this.convertValues(source["from"], null);
	        this.to = this.convertValues(source["to"], null);
	        this.source = source["source"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ThresholdSuggestion {
	    target: number;
	    reached: boolean;
	    threshold: number;
	    coverage: number;
	    agreement: number;
	    why?: string;
	
	    static createFrom(source: any = {}) {
	        return new ThresholdSuggestion(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.target = source["target"];
	        this.reached = source["reached"];
	        this.threshold = source["threshold"];
	        this.coverage = source["coverage"];
	        this.agreement = source["agreement"];
	        this.why = source["why"];
	    }
	}
	export class ReplayReport {
	    query: ReplayQuery;
	    messages: number;
	    conversations: number;
	    threshold: number;
	    coverage: number;
	    answered: number;
	    agreement: number;
	    agreed: number;
	    disagreed: number;
	    outcomes: {[key: string]: number};
	    curve: ReplayPoint[];
	    suggestion: ThresholdSuggestion;
	    disagreements: Disagreement[];
	    calibration?: Calibration;
	    // Go type: time
	    startedAt: any;
	    elapsedSeconds: number;
	
	    static createFrom(source: any = {}) {
	        return new ReplayReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.query = this.convertValues(source["query"], ReplayQuery);
	        this.messages = source["messages"];
	        this.conversations = source["conversations"];
	        this.threshold = source["threshold"];
	        this.coverage = source["coverage"];
	        this.answered = source["answered"];
	        this.agreement = source["agreement"];
	        this.agreed = source["agreed"];
	        this.disagreed = source["disagreed"];
	        this.outcomes = source["outcomes"];
	        this.curve = this.convertValues(source["curve"], ReplayPoint);
	        this.suggestion = this.convertValues(source["suggestion"], ThresholdSuggestion);
	        this.disagreements = this.convertValues(source["disagreements"], Disagreement);
	        this.calibration = this.convertValues(source["calibration"], Calibration);
	        this.startedAt = this.convertValues(source["startedAt"], null);
	        this.elapsedSeconds = source["elapsedSeconds"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ReportInput {
	    conversationId: number;
	    messageId: number;
	    entryId: number;
	    answer: string;
	    reason: string;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new ReportInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversationId = source["conversationId"];
	        this.messageId = source["messageId"];
	        this.entryId = source["entryId"];
	        this.answer = source["answer"];
	        this.reason = source["reason"];
	        this.text = source["text"];
	    }
	}
	export class ReviewItem {
	    id: number;
	    shopId: number;
	    kind: string;
	    refId: number;
	    conversationId: number;
	    messageId: number;
	    entryId: number;
	    reason: string;
	    text: string;
	    question: string;
	    answer: string;
	    entryQuestion: string;
	    entryAnswer: string;
	    buyerName: string;
	    payload?: {[key: string]: string};
	    status: string;
	    createdBy: string;
	    // Go type: time
	    createdAt: any;
	    closedBy?: string;
	    // Go type: time
	    closedAt?: any;
	
	    static createFrom(source: any = {}) {
	        return new ReviewItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.shopId = source["shopId"];
	        this.kind = source["kind"];
	        this.refId = source["refId"];
	        this.conversationId = source["conversationId"];
	        this.messageId = source["messageId"];
	        this.entryId = source["entryId"];
	        this.reason = source["reason"];
	        this.text = source["text"];
	        this.question = source["question"];
	        this.answer = source["answer"];
	        this.entryQuestion = source["entryQuestion"];
	        this.entryAnswer = source["entryAnswer"];
	        this.buyerName = source["buyerName"];
	        this.payload = source["payload"];
	        this.status = source["status"];
	        this.createdBy = source["createdBy"];
	        this.createdAt = this.convertValues(source["createdAt"], null);
	        this.closedBy = source["closedBy"];
	        this.closedAt = this.convertValues(source["closedAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RowError {
	    row: number;
	    question: string;
	    problems: FieldError[];
	
	    static createFrom(source: any = {}) {
	        return new RowError(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.row = source["row"];
	        this.question = source["question"];
	        this.problems = this.convertValues(source["problems"], FieldError);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ScenarioStep {
	    scripts: string[];
	    operations: string[];
	
	    static createFrom(source: any = {}) {
	        return new ScenarioStep(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scripts = source["scripts"];
	        this.operations = source["operations"];
	    }
	}
	export class Scenario {
	    intent: string;
	    name: string;
	    steps: {[key: string]: ScenarioStep};
	
	    static createFrom(source: any = {}) {
	        return new Scenario(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.intent = source["intent"];
	        this.name = source["name"];
	        this.steps = this.convertValues(source["steps"], ScenarioStep, true);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ScenarioReport {
	    id: number;
	    shopId: number;
	    intent: string;
	    state: string;
	    conversationId: number;
	    agentId: number;
	    text: string;
	    image: string;
	    status: string;
	    // Go type: time
	    createdAt: any;
	
	    static createFrom(source: any = {}) {
	        return new ScenarioReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.shopId = source["shopId"];
	        this.intent = source["intent"];
	        this.state = source["state"];
	        this.conversationId = source["conversationId"];
	        this.agentId = source["agentId"];
	        this.text = source["text"];
	        this.image = source["image"];
	        this.status = source["status"];
	        this.createdAt = this.convertValues(source["createdAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class SceneRule {
	    intent?: string;
	    keyword?: string;
	
	    static createFrom(source: any = {}) {
	        return new SceneRule(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.intent = source["intent"];
	        this.keyword = source["keyword"];
	    }
	}
	
	export class SessionFacts {
	    start: number;
	    reply: number;
	    robot: number;
	    followup: number;
	    followupHuman: number;
	    human: number;
	    humanAgent: number;
	    humanFrom: number;
	    wait: number;
	    lastSender: string;
	    lastUnsolved: boolean;
	    robotServed: boolean;
	    robotHandoff: boolean;
	    score: number;
	    repliesRated: number;
	    repliesUnsolved: number;
	
	    static createFrom(source: any = {}) {
	        return new SessionFacts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.start = source["start"];
	        this.reply = source["reply"];
	        this.robot = source["robot"];
	        this.followup = source["followup"];
	        this.followupHuman = source["followupHuman"];
	        this.human = source["human"];
	        this.humanAgent = source["humanAgent"];
	        this.humanFrom = source["humanFrom"];
	        this.wait = source["wait"];
	        this.lastSender = source["lastSender"];
	        this.lastUnsolved = source["lastUnsolved"];
	        this.robotServed = source["robotServed"];
	        this.robotHandoff = source["robotHandoff"];
	        this.score = source["score"];
	        this.repliesRated = source["repliesRated"];
	        this.repliesUnsolved = source["repliesUnsolved"];
	    }
	}
	export class SettingValue {
	    key: string;
	    value: string;
	    default: string;
	    doc: string;
	
	    static createFrom(source: any = {}) {
	        return new SettingValue(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.value = source["value"];
	        this.default = source["default"];
	        this.doc = source["doc"];
	    }
	}
	
	export class Shop {
	    id: number;
	    name: string;
	    platform: string;
	    locale: string;
	
	    static createFrom(source: any = {}) {
	        return new Shop(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.platform = source["platform"];
	        this.locale = source["locale"];
	    }
	}
	export class TimeSpan {
	    from: number;
	    to: number;
	
	    static createFrom(source: any = {}) {
	        return new TimeSpan(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	    }
	}
	export class ShopSettings {
	    assistEnabled: boolean;
	    autoSend: boolean;
	    threshold: number;
	    burstWaitMs: number;
	    draftAutoSend: boolean;
	    replyEnabled: boolean;
	    offWindows: TimeSpan[][];
	    robotEnabled: boolean;
	    robotMode: string;
	    fallback: string;
	    away: string;
	    greeting: string;
	    hours: TimeSpan[][];
	    timeZone: string;
	    cnHolidays: boolean;
	    daysOff: string[];
	    sceneRules: SceneRule[];
	    sensitiveWords: string[];
	    sensitivePreset: boolean;
	    queueOrder: string;
	
	    static createFrom(source: any = {}) {
	        return new ShopSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.assistEnabled = source["assistEnabled"];
	        this.autoSend = source["autoSend"];
	        this.threshold = source["threshold"];
	        this.burstWaitMs = source["burstWaitMs"];
	        this.draftAutoSend = source["draftAutoSend"];
	        this.replyEnabled = source["replyEnabled"];
	        this.offWindows = this.convertValues(source["offWindows"], TimeSpan);
	        this.robotEnabled = source["robotEnabled"];
	        this.robotMode = source["robotMode"];
	        this.fallback = source["fallback"];
	        this.away = source["away"];
	        this.greeting = source["greeting"];
	        this.hours = this.convertValues(source["hours"], TimeSpan);
	        this.timeZone = source["timeZone"];
	        this.cnHolidays = source["cnHolidays"];
	        this.daysOff = source["daysOff"];
	        this.sceneRules = this.convertValues(source["sceneRules"], SceneRule);
	        this.sensitiveWords = source["sensitiveWords"];
	        this.sensitivePreset = source["sensitivePreset"];
	        this.queueOrder = source["queueOrder"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	

}

