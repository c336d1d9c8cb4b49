// Package llm talks to an OpenAI-compatible chat completions endpoint
// (OpenAI, Ollama, llama.cpp, Qwen, DeepSeek…) through go-openai: it reranks
// KB candidates (LM-2) and drafts replies from the matched answers and the
// order's facts (LM-3), each within a time budget, and keeps the endpoint's
// settings and API key (LM-1). Nothing in the app needs it (LM-4): every
// failure is a typed *Error, and the caller keeps its own order or answer.
//
// The API key is never logged, never written to the settings file and never
// put in an error: Key prints as "[redacted]", and details taken from a
// server's reply have the key blanked out.
package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Client calls one endpoint with one model. It is safe for concurrent use.
type Client struct {
	api      *openai.Client
	settings Settings
	// scrub blanks the key out of a text, and holdsKey tells whether a text
	// holds the key; funcs, not the key itself, so that printing a Client
	// shows no key.
	scrub    func(string) string
	holdsKey func(string) bool
	// objectOnly is set once the server refused a json_schema answer, so
	// later calls go straight to json_object mode and keep their budget.
	objectOnly atomic.Bool
}

// New returns a client for s (defaults applied) that sends key as a Bearer
// token. An empty key sends none, which local servers such as Ollama accept.
// s must pass Validate and name a base URL and a model, whether or not it is
// Enabled (whether to ask the LLM at all is the caller's choice); otherwise
// the error is an *Error of kind ErrInvalid.
func New(s Settings, key Key) (*Client, error) {
	s = s.WithDefaults()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if s.BaseURL == "" {
		return nil, invalid("baseUrl", "llm_base_url_required", "a base URL is required")
	}
	if s.Model == "" {
		return nil, invalid("model", "llm_model_required", "a model is required")
	}
	cfg := openai.DefaultConfig(string(key))
	cfg.BaseURL = s.BaseURL
	// net/http drops the Authorization header on a redirect to another host.
	return &Client{
		api:      openai.NewClientWithConfig(cfg),
		settings: s,
		scrub:    func(text string) string { return redact(text, key) },
		holdsKey: func(text string) bool { return key != "" && strings.Contains(text, string(key)) },
	}, nil
}

// Settings returns the client's settings, defaults applied.
func (c *Client) Settings() Settings { return c.settings }

// Budget is how long a rerank or a draft may take (Settings.Budget); the
// engine waits that long for drafts (engine.Drafter).
func (c *Client) Budget() time.Duration { return c.settings.Budget }

// String describes the client without its key.
func (c *Client) String() string {
	return fmt.Sprintf("llm.Client{%s, %s}", safeURL(c.settings.BaseURL), c.settings.Model)
}

// answerFormat is how the answer's shape is asked for.
type answerFormat int

const (
	formatSchema answerFormat = iota // response_format json_schema, strict
	formatObject                     // response_format json_object
)

// complete sends the messages for op and returns the first choice's content. It
// asks for a json_schema answer unless the server refused one before; a
// refusal (HTTP 400 about response_format) is retried once in json_object
// mode within the same context.
func (c *Client) complete(ctx context.Context, op string, msgs []openai.ChatCompletionMessage, schema json.RawMessage) (string, error) {
	format := formatSchema
	if c.objectOnly.Load() {
		format = formatObject
	}
	resp, err := c.api.CreateChatCompletion(ctx, c.request(format, op, msgs, schema))
	if err != nil && format == formatSchema && ctx.Err() == nil && refusesSchema(err) {
		c.objectOnly.Store(true)
		resp, err = c.api.CreateChatCompletion(ctx, c.request(formatObject, op, msgs, schema))
	}
	if err != nil {
		return "", c.failure(ctx, op, err)
	}
	if len(resp.Choices) == 0 {
		return "", &Error{Op: op, Kind: ErrBadAnswer, Detail: "the reply has no choices"}
	}
	m := resp.Choices[0].Message
	if m.Refusal != "" {
		return "", &Error{Op: op, Kind: ErrBadAnswer, Detail: "the model refused: " + c.scrub(m.Refusal)}
	}
	return m.Content, nil
}

// request is a chat completion request for the messages; the schema, when
// asked for, is named after the operation ("rerank", "draft").
func (c *Client) request(format answerFormat, op string, msgs []openai.ChatCompletionMessage, schema json.RawMessage) openai.ChatCompletionRequest {
	req := openai.ChatCompletionRequest{
		Model:    c.settings.Model,
		Messages: msgs,
		// Temperature is left to the server: some reasoning models refuse
		// any but their own.
	}
	switch format {
	case formatSchema:
		req.ResponseFormat = &openai.ChatCompletionResponseFormat{
			Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
				Name:   op,
				Schema: schema,
				Strict: true,
			},
		}
	case formatObject:
		req.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
	}
	return req
}

// refusesSchema tells whether err is a server's refusal of the json_schema
// response format: HTTP 400 (or 422) naming response_format or json_schema.
func refusesSchema(err error) bool {
	status, text := httpFailure(err)
	if status != http.StatusBadRequest && status != http.StatusUnprocessableEntity {
		return false
	}
	text = strings.ToLower(text)
	return strings.Contains(text, "response_format") || strings.Contains(text, "json_schema")
}

// httpFailure returns the status and message of a server's error reply, or
// 0 when err is not one.
func httpFailure(err error) (int, string) {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatusCode, apiErr.Message
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode, string(reqErr.Body)
	}
	return 0, ""
}

// failure turns an error of go-openai into an *Error: the context's end
// first (ErrTimeout, context.Canceled), then a server's error reply
// (ErrUnavailable with its status), a success reply that is not a chat
// completion (ErrBadAnswer), and anything else, such as a refused
// connection (ErrUnavailable). Only scrubbed text is kept.
func (c *Client) failure(ctx context.Context, op string, err error) *Error {
	switch ctx.Err() {
	case context.DeadlineExceeded:
		return &Error{Op: op, Kind: ErrTimeout, Detail: "no answer within " + c.settings.Budget.String()}
	case context.Canceled:
		return &Error{Op: op, Kind: context.Canceled}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &Error{Op: op, Kind: ErrTimeout}
	}
	if status, text := httpFailure(err); status != 0 {
		return &Error{Op: op, Kind: ErrUnavailable, Status: status, Detail: c.scrub(text)}
	}
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &syntaxErr) || errors.As(err, &typeErr) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &Error{Op: op, Kind: ErrBadAnswer, Detail: "the reply is not a chat completion"}
	}
	return &Error{Op: op, Kind: ErrUnavailable, Detail: c.scrub(err.Error())}
}
