package kbfile

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"replydesk/engine"
)

// column is a column of a flat file.
type column int

const (
	colCategory column = iota
	colIntent
	colQuestion
	colSimilar
	colAnswer
	colWhen
	colOperations
	colEnabled
	colNeverAuto
	numColumns
)

// Columns are the keys of the columns of the flat formats, in the order
// Write puts them. A file's header may name them by these keys or by their
// Chinese names (分类, 意图, 标准问题, 相似问法, 答案, 适用订单状态, 推荐操作,
// 启用, 禁止自动回复), in any order; question and answer are required.
var Columns = []string{"category", "intent", "question", "similar", "answer", "when", "operations", "enabled", "never_auto"}

// columnNames are the header names of each column: the key, the Chinese
// name written in the zh-CN template, and other names accepted.
var columnNames = [numColumns][]string{
	colCategory:   {"category", "分类", "类别", "类目"},
	colIntent:     {"intent", "意图", "intent_key"},
	colQuestion:   {"question", "标准问题", "问题", "standard_question"},
	colSimilar:    {"similar", "相似问法", "相似问题", "similar_questions"},
	colAnswer:     {"answer", "答案", "回复"},
	colWhen:       {"when", "适用订单状态", "订单状态", "order_status"},
	colOperations: {"operations", "推荐操作", "操作", "operation"},
	colEnabled:    {"enabled", "启用", "是否启用"},
	colNeverAuto:  {"never_auto", "禁止自动回复", "never_auto_reply"},
}

// key is the column's key, as in Columns.
func (c column) key() string { return columnNames[c][0] }

// columnKeys are the keys of all columns, in order.
func columnKeys() []string {
	keys := make([]string, numColumns)
	for c := range numColumns {
		keys[c] = c.key()
	}
	return keys
}

// textColumn says whether a column holds free text (checked by the engine)
// rather than a value from a list.
func (c column) textColumn() bool {
	return c == colQuestion || c == colSimilar || c == colAnswer
}

// normName folds a header name or a value for lookup: trimmed, lower case,
// spaces and hyphens as underscores.
func normName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\u3000' {
			return '_'
		}
		return r
	}, s)
}

var columnByName = func() map[string]column {
	m := map[string]column{}
	for c, names := range columnNames {
		for _, n := range names {
			m[normName(n)] = column(c)
		}
	}
	return m
}()

// layout says which cell of a row holds each column (-1: none).
type layout struct {
	at [numColumns]int
	// named says which cells of the header row hold a name.
	named []bool
}

// cell returns a row's value of a column, "" when the row is short or the
// file lacks the column.
func (l *layout) cell(cells []string, c column) string {
	if i := l.at[c]; i >= 0 && i < len(cells) {
		return cells[i]
	}
	return ""
}

// parseHeader reads the header row.
func parseHeader(cells []string) (*layout, error) {
	l := &layout{named: make([]bool, len(cells))}
	for c := range l.at {
		l.at[c] = -1
	}
	var unknown, repeated []string
	for i, name := range cells {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		l.named[i] = true
		c, ok := columnByName[normName(name)]
		switch {
		case !ok:
			unknown = append(unknown, fmt.Sprintf("%q", name))
		case l.at[c] >= 0:
			repeated = append(repeated, fmt.Sprintf("%q", name))
		default:
			l.at[c] = i
		}
	}
	if len(unknown) > 0 {
		return nil, fileErr("kb_file_columns", "unknown columns %s in the first row; the columns are %s",
			strings.Join(unknown, ", "), strings.Join(columnKeys(), ", "))
	}
	if len(repeated) > 0 {
		return nil, fileErr("kb_file_columns", "the columns %s appear twice in the first row", strings.Join(repeated, ", "))
	}
	var missing []string
	for _, c := range []column{colQuestion, colAnswer} {
		if l.at[c] < 0 {
			missing = append(missing, fmt.Sprintf("%s (%s)", c.key(), columnNames[c][1]))
		}
	}
	if len(missing) > 0 {
		return nil, fileErr("kb_file_columns", "the first row must name the columns %s", strings.Join(missing, " and "))
	}
	return l, nil
}

// label is a value of a list (a category, an order status, an operation)
// with its Chinese name, written in the zh-CN template, and other names
// accepted when reading.
type label struct {
	key     string
	zh      string
	aliases []string
}

var categoryLabels = []label{
	{string(engine.CategoryGeneral), "通用类", []string{"通用", "通用问题"}},
	{string(engine.CategoryProduct), "商品", []string{"商品类", "商品问题"}},
	{string(engine.CategoryOrder), "订单类", []string{"订单", "订单问题"}},
	{string(engine.CategoryLogistics), "物流", []string{"物流类", "物流问题"}},
	{string(engine.CategoryAfterSales), "售后", []string{"售后类", "售后问题", "aftersales"}},
	{string(engine.CategoryOther), "其他", []string{"其它"}},
}

var statusLabels = []label{
	{string(engine.OrderUnpaid), "未付款", []string{"待付款"}},
	{string(engine.OrderPaid), "已付款", []string{"已付款未发货", "待发货"}},
	{string(engine.OrderOverdue), "超时未发货", []string{"已超时", "超时"}},
	{string(engine.OrderShipped), "已发货", []string{"运输中"}},
	{string(engine.OrderDelivered), "已签收", []string{"签收"}},
	{string(engine.OrderAfterSales), "售后中", []string{"aftersales"}},
}

var operationLabels = []label{
	{string(engine.OpOrderCard), "订单卡片", nil},
	{string(engine.OpLogisticsCard), "物流卡片", nil},
	{string(engine.OpCoupon), "优惠券", []string{"发优惠券"}},
	{string(engine.OpAddressCard), "改地址卡片", []string{"修改地址卡片", "地址卡片"}},
	{string(engine.OpUrgeWarehouse), "催仓库", []string{"催发货"}},
	{string(engine.OpTransferHuman), "转人工", []string{"转接人工"}},
	{string(engine.OpCreateAfterSales), "创建售后", []string{"创建售后单"}},
}

// lookup maps every name of a list's labels, folded by normName, to its key.
type lookup map[string]string

func lookupOf(labels []label) lookup {
	m := lookup{}
	for _, l := range labels {
		for _, n := range append([]string{l.key, l.zh}, l.aliases...) {
			m[normName(n)] = l.key
		}
	}
	return m
}

var (
	categoryByName  = lookupOf(categoryLabels)
	statusByName    = lookupOf(statusLabels)
	operationByName = lookupOf(operationLabels)
)

// value returns the key a name stands for, or the name itself, trimmed, when
// it is unknown, for validation to report.
func (m lookup) value(s string) string {
	if k, ok := m[normName(s)]; ok {
		return k
	}
	return strings.TrimSpace(s)
}

// zhName returns the Chinese name of a key of labels, or the key.
func zhName(labels []label, key string) string {
	for _, l := range labels {
		if l.key == key {
			return l.zh
		}
	}
	return key
}

// isListSep says whether r separates the values of a list cell: commas
// (also full-width), the enumeration comma 、, semicolons and spaces.
func isListSep(r rune) bool {
	return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || unicode.IsSpace(r)
}

// parseStatuses reads a `when` cell.
func parseStatuses(s string) []engine.OrderStatus {
	var out []engine.OrderStatus
	for _, f := range strings.FieldsFunc(s, isListSep) {
		out = append(out, engine.OrderStatus(statusByName.value(f)))
	}
	return out
}

// parseOperations reads an `operations` cell.
func parseOperations(s string) []engine.Operation {
	var out []engine.Operation
	for _, f := range strings.FieldsFunc(s, isListSep) {
		out = append(out, engine.Operation(operationByName.value(f)))
	}
	return out
}

// parseIntent reads an `intent` cell: a core intent key, in any case.
func parseIntent(s string) string {
	n := normName(s)
	if _, ok := engine.IntentCategory(n); ok {
		return n
	}
	return strings.TrimSpace(s)
}

var (
	trueWords  = []string{"true", "1", "yes", "y", "on", "是", "对"}
	falseWords = []string{"false", "0", "no", "n", "off", "否", "不"}
)

// parseBool reads a yes/no cell; an empty cell is def. ok is false for a
// text that is neither.
func parseBool(s string, def bool) (v, ok bool) {
	n := normName(s)
	switch {
	case n == "":
		return def, true
	case slices.Contains(trueWords, n):
		return true, true
	case slices.Contains(falseWords, n):
		return false, true
	}
	return def, false
}
