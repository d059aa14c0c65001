import Application
import Foundation

/// The OpenAPI 3.1 description of `/api/v1`: each route's own answers below, completed by
/// ``completed(_:)`` with the answers the edge gives every route of its kind, so the document
/// lists every status a route can return (Schemathesis holds the server to it in the test command).
enum OpenAPIDocument {
    static let json = completed(base)

    /// Adds to each operation the errors the edge answers for it: 401 and 403 when it needs a
    /// session (no session, a role too low), 403 for unsafe methods (another origin, http behind
    /// an https public URL), 400/413/415/422 when it takes a JSON body, 422 when it reads query
    /// parameters, 404 when its path names an object, 409 for a write that lost to a concurrent one, 503 when storage is out of reach.
    static func completed(_ text: String) -> String {
        guard var document = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
            var paths = document["paths"] as? [String: Any]
        else { return text }
        let error: [String: Any] = ["$ref": "#/components/responses/Error"]
        for (path, value) in paths {
            guard var item = value as? [String: Any] else { continue }
            for method in ["get", "put", "post", "patch", "delete"] {
                guard var operation = item[method] as? [String: Any] else { continue }
                var responses = operation["responses"] as? [String: Any] ?? [:]
                var statuses = ["503"]
                if (operation["security"] as? [Any])?.isEmpty != true { statuses += ["401", "403"] }
                if method != "get" { statuses += ["403", "409"] }
                if var body = operation["requestBody"] as? [String: Any] {
                    body["required"] = true
                    operation["requestBody"] = body
                    statuses += ["400", "413", "415", "422"]
                }
                if path.contains("{id}") { statuses.append("404") }
                if operation["parameters"] != nil { statuses.append("422") }
                for status in statuses where responses[status] == nil { responses[status] = error }
                operation["responses"] = responses
                item[method] = operation
            }
            paths[path] = item
        }
        document["paths"] = paths
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]) else {
            return text
        }
        return String(decoding: data, as: UTF8.self)
    }

    static let base = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "Kopi API",
            "version": "1",
            "description": "Kopi's JSON API. Authentication is the __Host-kopi_session cookie set by signing in. Unsafe methods need a same-origin Origin or Sec-Fetch-Site header and Content-Type: application/json. Errors are {\"error\": stable code, \"message\": text, \"problems\": [text]}. Any id of another workspace answers 404 exactly like a missing one."
          },
          "servers": [{"url": "/api/v1"}],
          "components": {
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "__Host-kopi_session"}},
            "parameters": {
              "id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
              "limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}},
              "offset": {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 1000000, "default": 0}}
            },
            "responses": {
              "Error": {"description": "An error with a stable code", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "NoContent": {"description": "Done"},
              "RateLimited": {"description": "Too many requests; retry after the seconds in Retry-After", "headers": {"Retry-After": {"schema": {"type": "integer"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            },
            "schemas": {
              "OptionalDate": {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "maxLength": 0}], "description": "yyyy-MM-dd; empty means unset"},
              "OptionalID": {"anyOf": [{"type": "string", "format": "uuid"}, {"type": "string", "maxLength": 0}], "description": "empty means unset"},
              "Error": {"type": "object", "required": ["error", "message"], "properties": {
                "error": {"type": "string", "examples": ["unauthenticated", "forbidden", "not_found", "invalid_json", "invalid_input", "unsupported_media_type", "body_too_large", "cross_origin_request", "https_required", "rate_limited", "lark_not_connected", "lark_credentials_rejected", "lark_unavailable", "flow_exists", "already_member", "last_admin", "erase_self", "invalid_or_expired_link"]},
                "message": {"type": "string"}, "problems": {"type": "array", "items": {"type": "string"}}}},
              "Me": {"type": "object", "properties": {
                "user": {"type": "object", "properties": {"id": {"type": "string"}, "email": {"type": "string"}}},
                "activeWorkspace": {"type": ["string", "null"]},
                "workspaces": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}, "role": {"enum": ["viewer", "approver", "admin"]}}}}}},
              "Connection": {"type": "object", "properties": {
                "connected": {"type": "boolean"}, "domain": {"enum": ["lark", "feishu"]}, "appId": {"type": ["string", "null"]},
                "appSecret": {"const": "configured"}, "encryptKey": {"const": "configured"}, "verificationToken": {"const": "configured"},
                "updatedAt": {"type": ["string", "null"], "format": "date-time"},
                "webhooks": {"type": "object", "properties": {"events": {"type": "string"}, "card": {"type": "string"}}},
                "steps": {"type": "array", "items": {"type": "string"}}}},
              "ConnectionInput": {"type": "object", "required": ["appId", "appSecret", "encryptKey", "verificationToken"], "properties": {
                "domain": {"enum": ["lark", "feishu"]}, "appId": {"type": "string", "maxLength": 64, "pattern": "^[!-~]+$"},
                "appSecret": {"type": "string", "maxLength": 512, "pattern": "^[!-~]+$", "description": "Write-only; when a connection is stored, an empty value keeps the stored one"},
                "encryptKey": {"type": "string", "maxLength": 512, "pattern": "^[!-~]+$", "description": "Without it Lark's signature authenticates nothing"},
                "verificationToken": {"type": "string", "maxLength": 512, "pattern": "^[!-~]+$"}}},
              "Mapping": {"type": "object", "properties": {
                "amount": {"type": ["string", "null"]}, "currency": {"type": ["string", "null"]}, "date": {"type": ["string", "null"]},
                "category": {"type": ["string", "null"]}, "vendor": {"type": ["string", "null"]}, "description": {"type": ["string", "null"]},
                "attachments": {"type": ["string", "null"]}, "detailTable": {"type": ["string", "null"]},
                "defaultCurrency": {"anyOf": [{"type": "string", "pattern": "^[A-Za-z]{3}$"}, {"type": "null"}], "description": "ISO 4217 code, any case"}}},
              "Flow": {"type": "object", "properties": {
                "id": {"type": "string"}, "approvalCode": {"type": "string"}, "name": {"type": "string"}, "subscribed": {"type": "boolean"},
                "mapping": {"$ref": "#/components/schemas/Mapping"}, "mappingUsable": {"type": "boolean"},
                "createdAt": {"type": "string", "format": "date-time"},
                "widgets": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "type": {"type": "string"}, "columns": {"type": "array"}}}}}},
              "Policy": {"type": "object", "properties": {
                "categoryCaps": {"type": "object", "additionalProperties": {"type": "object", "required": ["minorUnits", "currency"], "properties": {"minorUnits": {"type": "integer", "minimum": 0, "maximum": 1000000000000000}, "currency": {"type": "string", "pattern": "^[A-Za-z]{3}$"}}}},
                "prohibitedVendors": {"type": "array", "items": {"type": "string"}}, "approvedVendors": {"type": "array", "items": {"type": "string"}},
                "submissionWindowDays": {"type": "integer", "minimum": 1, "maximum": 3650}, "requireInvoice": {"type": "boolean"}, "totalToleranceBasisPoints": {"type": "integer", "minimum": 0, "maximum": 10000},
                "anomalyYellowMultiple": {"type": "number", "exclusiveMinimum": 1}, "anomalyRedMultiple": {"type": "number", "exclusiveMinimum": 1, "description": "Above anomalyYellowMultiple"}, "flagWeekendExpenses": {"type": "boolean"},
                "autoApproveAfterApprovals": {"type": ["integer", "null"], "minimum": 1, "maximum": 1000000}, "flagMonthEndBulk": {"type": "boolean"}, "timeZoneIdentifier": {"type": "string", "description": "An IANA time zone name, e.g. Asia/Singapore"},
                "retentionDays": {"type": ["integer", "null"], "minimum": 30, "maximum": 36500, "description": "Days decided claims and audit entries are kept; null keeps them forever"},
                "reminderAfterWorkingDays": {"type": "integer", "minimum": 0, "maximum": 30, "default": 2, "description": "Working days (Monday to Friday in the policy's time zone) a card waits before its approver gets one reminder, sent between 09:00 and 18:00; 0 sends none"},
                "baseCurrency": {"type": "string", "pattern": "^[A-Za-z]{3}$", "description": "Norms and the report are in this currency; a claim in another is converted at its expense day's rate. Absent: each claim in its own currency"},
                "dailyCaps": {"type": "object", "description": "Per category, what one person may claim for one day (the day's lines of all their open and approved claims, summed)", "additionalProperties": {"type": "object", "required": ["minorUnits", "currency"], "additionalProperties": false, "properties": {"minorUnits": {"type": "integer", "minimum": 1, "maximum": 1000000000000000}, "currency": {"type": "string", "pattern": "^[A-Za-z]{3}$"}}}},
                "invoiceRequiredAbove": {"type": "object", "required": ["minorUnits", "currency"], "additionalProperties": false, "properties": {"minorUnits": {"type": "integer", "minimum": 0, "maximum": 1000000000000000}, "currency": {"type": "string", "pattern": "^[A-Za-z]{3}$"}}},
                "citations": {"type": "object", "description": "Rules accepted from the written policy, with the sentence each came from", "additionalProperties": {"type": "object", "required": ["rule", "quote"], "properties": {"rule": {"$ref": "#/components/schemas/PolicyRule"}, "quote": {"type": "string", "maxLength": 1000}}}},
                "language": {"enum": ["en", "zh-CN"], "description": "The language of the workspace's cards, toasts, Lark comments and invitation e-mails. Absent: Chinese on Feishu, English on Lark"}}},
              "ApprovalSummary": {"type": "object", "properties": {
                "id": {"type": "string"}, "instanceCode": {"type": "string"}, "flowId": {"type": "string"}, "applicant": {"type": "string"},
                "status": {"enum": ["PENDING", "APPROVED", "REJECTED", "CANCELED", "DELETED"]}, "verdict": {"enum": ["green", "yellow", "red", null]},
                "total": {"type": ["string", "null"]}, "currency": {"type": ["string", "null"]}, "vendor": {"type": ["string", "null"]},
                "category": {"type": ["string", "null"]}, "submittedAt": {"type": "string", "format": "date-time"}}},
              "ApprovalDetail": {"type": "object", "properties": {
                "summary": {"$ref": "#/components/schemas/ApprovalSummary"}, "flowName": {"type": ["string", "null"]},
                "lineItems": {"type": "array"}, "attachments": {"type": "array", "description": "Facts only: name, type, size, hash; never bytes"},
                "extractions": {"type": "array"},
                "check": {"type": ["object", "null"], "properties": {"verdict": {"type": "string"}, "checkedAt": {"type": "string"}, "findings": {"type": "array", "items": {"type": "object", "properties": {"dimension": {"type": "string"}, "severity": {"type": "string"}, "code": {"type": "string"}, "message": {"type": "string"}, "evidence": {"type": "object"}, "rule": {"type": ["string", "null"]}}}}}},
                "decisions": {"type": "array", "items": {"type": "object", "properties": {"outcome": {"enum": ["approve", "reject", "ask_for_info"]}, "approver": {"type": "string"}, "decidedAt": {"type": "string"}, "reason": {"type": "string", "description": "What the approver typed on the card (at most 500 characters); required to reject or ask"}}}}, "cards": {"type": "array"},
                "timeline": {"type": "array", "items": {"type": "object", "properties": {"at": {"type": "string"}, "what": {"type": "string"}, "actor": {"type": "string"}}}}}},
              "Rule": {"type": "object", "properties": {
                "id": {"type": "string"}, "vendor": {"type": "string"}, "category": {"type": "string"}, "currency": {"type": "string"},
                "lower": {"type": "string"}, "upper": {"type": "string"}, "approvals": {"type": "integer"}, "rejections": {"type": "integer"},
                "lastDecidedAt": {"type": "string", "format": "date-time"}}},
              "Report": {"type": "object", "properties": {
                "from": {"type": "string"}, "to": {"type": "string"}, "submissions": {"type": "integer"}, "checked": {"type": "integer"},
                "verdicts": {"type": "object"}, "violations": {"type": "array"}, "decisions": {"type": "object"}, "autoApproved": {"type": "integer"},
                "memoryMatchRate": {"type": ["number", "null"]}, "medianSecondsToCard": {"type": ["number", "null"]}, "medianSecondsToDecision": {"type": ["number", "null"], "description": "From submission to the final decision, over the claims whose latest decision approves or rejects"}, "days": {"type": "array"},
                "baseCurrency": {"type": "string", "description": "The workspace's base currency, when it has one"},
                "amounts": {"type": "array", "description": "The period's claims summed by currency: in the base currency when converted, else in their own", "items": {"type": "object", "properties": {"currency": {"type": "string"}, "total": {"type": "string"}, "claims": {"type": "integer"}}}}}},
              "PolicyRule": {"description": "A rule of the written policy that Kopi's check applies", "oneOf": [
                {"type": "object", "required": ["kind", "category", "amount"], "additionalProperties": false, "properties": {"kind": {"enum": ["category_cap", "daily_cap"]}, "category": {"type": "string", "minLength": 1, "maxLength": 80, "pattern": "^\\s*\\S[\\s\\S]*$"}, "amount": {"type": "object", "required": ["minorUnits", "currency"], "additionalProperties": false, "properties": {"minorUnits": {"type": "integer", "minimum": 1, "maximum": 1000000000000000}, "currency": {"type": "string", "pattern": "^[A-Za-z]{3}$"}}}}},
                {"type": "object", "required": ["kind", "vendor"], "additionalProperties": false, "properties": {"kind": {"enum": ["prohibited_vendor", "approved_vendor"]}, "vendor": {"type": "string", "minLength": 1, "maxLength": 80, "pattern": "^\\s*\\S[\\s\\S]*$"}}},
                {"type": "object", "required": ["kind", "amount"], "additionalProperties": false, "properties": {"kind": {"const": "invoice_required_above"}, "amount": {"type": "object", "required": ["minorUnits", "currency"], "additionalProperties": false, "properties": {"minorUnits": {"type": "integer", "minimum": 0, "maximum": 1000000000000000}, "currency": {"type": "string", "pattern": "^[A-Za-z]{3}$"}}}}},
                {"type": "object", "required": ["kind", "days"], "additionalProperties": false, "properties": {"kind": {"const": "submission_window"}, "days": {"type": "integer", "minimum": 1, "maximum": 3650}}},
                {"type": "object", "required": ["kind"], "additionalProperties": false, "properties": {"kind": {"enum": ["weekend_expenses_flagged", "month_end_bulk_flagged"]}}}]},
              "RuleProposal": {"type": "object", "required": ["id", "documentId", "status", "quote", "createdAt"], "properties": {
                "id": {"type": "string", "format": "uuid"}, "documentId": {"type": "string", "format": "uuid"}, "documentName": {"type": "string"},
                "status": {"enum": ["proposed", "accepted", "rejected", "refused"], "description": "refused: Kopi found the quotation not in the document, or the rule unusable; it can never be accepted"},
                "refusal": {"enum": ["quote_not_in_document", "unusable_rule"]}, "rule": {"$ref": "#/components/schemas/PolicyRule"},
                "quote": {"type": "string", "description": "The policy's sentence the rule came from, word for word"},
                "createdAt": {"type": "string", "format": "date-time"}, "decidedAt": {"type": "string", "format": "date-time"}}},
              "PolicyDocument": {"type": "object", "required": ["id", "name", "characters", "importedAt"], "properties": {
                "id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}, "characters": {"type": "integer"},
                "importedAt": {"type": "string", "format": "date-time"}, "text": {"type": "string"}}},
              "ExchangeRate": {"type": "object", "required": ["from", "to", "rate", "day"], "properties": {
                "from": {"type": "string", "pattern": "^[A-Za-z]{3}$"}, "to": {"type": "string", "pattern": "^[A-Za-z]{3}$"},
                "rate": {"type": "string", "pattern": "^(0\\.[0-9]{0,11}[1-9][0-9]{0,11}|[1-9][0-9]{0,8}(\\.[0-9]{1,12})?)$", "description": "Units of `to` per unit of `from`: above 0, below 1,000,000,000"},
                "day": {"type": "string", "format": "date", "description": "The first day the rate applies to; `from` and `to` differ"}}},
              "Person": {"anyOf": [{"type": "string", "pattern": "^ou_[A-Za-z0-9]{1,64}$"}, {"type": "string", "maxLength": 254, "pattern": "^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$"}], "description": "A Lark open id (ou_…) or an e-mail address"},
              "Member": {"type": "object", "properties": {
                "userId": {"type": "string"}, "email": {"type": "string"}, "role": {"enum": ["viewer", "approver", "admin"]}, "joinedAt": {"type": "string"}}}
            }
          },
          "security": [{"session": []}],
          "paths": {
            "/auth/magic-link": {"post": {"summary": "Mail a sign-in link (always 202, the same body for any address)", "security": [],
              "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["email"], "properties": {"email": {"type": "string", "maxLength": 254, "pattern": "^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$"}}}}}},
              "responses": {"202": {"description": "Accepted"}, "400": {"$ref": "#/components/responses/Error"}, "429": {"$ref": "#/components/responses/RateLimited"}}}},
            "/auth/magic-link/redeem": {"post": {"summary": "Sign in with a link's token; sets the session cookie", "security": [],
              "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["token"], "properties": {"token": {"type": "string", "pattern": "^[A-Za-z0-9_-]{43}$"}}}}}},
              "responses": {"200": {"description": "Signed in", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Me"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "429": {"$ref": "#/components/responses/RateLimited"}}}},
            "/auth/me": {"get": {"summary": "The signed-in user and workspaces", "responses": {"200": {"description": "Me", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Me"}}}}, "401": {"$ref": "#/components/responses/Error"}}}},
            "/auth/workspace": {"post": {"summary": "Switch the active workspace", "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "format": "uuid"}}}}}},
              "responses": {"204": {"$ref": "#/components/responses/NoContent"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/auth/logout": {"post": {"summary": "End the session", "responses": {"204": {"$ref": "#/components/responses/NoContent"}}}},
            "/auth/google/start": {"get": {"summary": "Start Google sign-in (redirect); 404 when Google is not configured", "security": [], "responses": {"303": {"description": "To Google"}, "404": {"$ref": "#/components/responses/Error"}, "429": {"$ref": "#/components/responses/RateLimited"}}}},
            "/auth/google/callback": {"get": {"summary": "Google's redirect back (code, state)", "security": [], "responses": {"303": {"description": "Signed in, to the dashboard, or back to sign-in with the reason"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/lark/connection": {
              "get": {"summary": "The Lark connection (secrets only as configured) and the webhook URLs", "responses": {"200": {"description": "Connection", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Connection"}}}}}},
              "put": {"summary": "Connect or replace (verified with Lark first)", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConnectionInput"}}}},
                "responses": {"200": {"description": "Connected", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Connection"}}}}, "422": {"$ref": "#/components/responses/Error"}, "502": {"$ref": "#/components/responses/Error"}}},
              "delete": {"summary": "Disconnect", "responses": {"204": {"$ref": "#/components/responses/NoContent"}}}},
            "/flows": {
              "get": {"summary": "Watched flows", "responses": {"200": {"description": "Flows", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Flow"}}}}}}}}},
              "post": {"summary": "Watch a flow by approval code: fetch, subscribe, propose a mapping", "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["approvalCode"], "properties": {"approvalCode": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,128}$"}}}}}},
                "responses": {"201": {"description": "Added", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Flow"}}}}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
            "/flows/{id}": {"parameters": [{"$ref": "#/components/parameters/id"}],
              "get": {"summary": "A flow with its form's widgets", "responses": {"200": {"description": "Flow", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Flow"}}}}, "404": {"$ref": "#/components/responses/Error"}}},
              "delete": {"summary": "Stop watching (its approvals are deleted)", "responses": {"204": {"$ref": "#/components/responses/NoContent"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/flows/{id}/mapping": {"parameters": [{"$ref": "#/components/parameters/id"}],
              "put": {"summary": "Correct the form mapping (checked against the form)", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Mapping"}}}},
                "responses": {"200": {"description": "Saved", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Flow"}}}}, "422": {"$ref": "#/components/responses/Error"}}}},
            "/policy": {
              "get": {"summary": "The check policy", "responses": {"200": {"description": "Policy", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Policy"}}}}}},
              "put": {"summary": "Replace the policy (missing fields take defaults)", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Policy"}}}},
                "responses": {"200": {"description": "Saved"}, "422": {"$ref": "#/components/responses/Error"}}}},
            "/approvals": {"get": {"summary": "Approvals, newest first",
              "parameters": [{"name": "status", "in": "query", "description": "Empty means any", "schema": {"enum": ["", "PENDING", "APPROVED", "REJECTED", "CANCELED", "DELETED", "pending", "approved", "rejected", "canceled", "deleted"]}}, {"name": "verdict", "in": "query", "description": "Empty means any", "schema": {"enum": ["", "green", "yellow", "red"]}},
                {"name": "flow", "in": "query", "schema": {"$ref": "#/components/schemas/OptionalID"}}, {"name": "vendor", "in": "query", "schema": {"type": "string"}},
                {"name": "from", "in": "query", "schema": {"$ref": "#/components/schemas/OptionalDate"}}, {"name": "to", "in": "query", "schema": {"$ref": "#/components/schemas/OptionalDate"}},
                {"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/offset"}],
              "responses": {"200": {"description": "A page", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/ApprovalSummary"}}, "limit": {"type": "integer"}, "offset": {"type": "integer"}, "nextOffset": {"type": ["integer", "null"]}}}}}}}}},
            "/approvals.csv": {"get": {"summary": "Every approval the filters select, as CSV (RFC 4180, UTF-8 with a byte-order mark, streamed): instance, flow, applicant, status, times in the policy's time zone, vendor, category, amount, verdict, findings, decision, who decided and when; cells a spreadsheet would run as formulas are neutralised",
              "parameters": [{"name": "status", "in": "query", "description": "Empty means any", "schema": {"enum": ["", "PENDING", "APPROVED", "REJECTED", "CANCELED", "DELETED", "pending", "approved", "rejected", "canceled", "deleted"]}}, {"name": "verdict", "in": "query", "description": "Empty means any", "schema": {"enum": ["", "green", "yellow", "red"]}},
                {"name": "flow", "in": "query", "schema": {"$ref": "#/components/schemas/OptionalID"}}, {"name": "vendor", "in": "query", "schema": {"type": "string"}},
                {"name": "from", "in": "query", "schema": {"$ref": "#/components/schemas/OptionalDate"}}, {"name": "to", "in": "query", "schema": {"$ref": "#/components/schemas/OptionalDate"}}],
              "responses": {"200": {"description": "The CSV file", "content": {"text/csv": {"schema": {"type": "string"}}}}}}},
            "/approvals/{id}": {"parameters": [{"$ref": "#/components/parameters/id"}],
              "get": {"summary": "The audit view of one approval", "responses": {"200": {"description": "Approval", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApprovalDetail"}}}}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/rules": {"get": {"summary": "Learned rules", "parameters": [{"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/offset"}],
              "responses": {"200": {"description": "Rules", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Rule"}}}}}}}}}},
            "/rules/{id}": {"parameters": [{"$ref": "#/components/parameters/id"}],
              "get": {"summary": "A rule", "responses": {"200": {"description": "Rule", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Rule"}}}}, "404": {"$ref": "#/components/responses/Error"}}},
              "put": {"summary": "Change the band (approvers)", "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["lower", "upper"], "properties": {"lower": {"type": "string"}, "upper": {"type": "string"}}}}}},
                "responses": {"200": {"description": "Saved"}, "422": {"$ref": "#/components/responses/Error"}}},
              "delete": {"summary": "Forget the rule (approvers)", "responses": {"204": {"$ref": "#/components/responses/NoContent"}}}},
            "/policy/documents": {"post": {"summary": "Import the written expense policy, as text or a PDF (base64, at most 10 MB; its text is read without AI): the AI proposes rules, each with the sentence it came from, and Kopi refuses any whose sentence is not in the document word for word. Nothing takes effect until accepted (admins; audited)",
              "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"name": {"type": "string", "maxLength": 120}, "text": {"type": "string", "minLength": 1, "maxLength": 200000, "pattern": "\\S"}, "pdf": {"type": "string", "contentEncoding": "base64"}}, "oneOf": [{"required": ["text"], "not": {"required": ["pdf"]}}, {"required": ["pdf"], "not": {"required": ["text"]}}]}}}},
              "responses": {"201": {"description": "Imported", "content": {"application/json": {"schema": {"type": "object", "required": ["document", "proposals"], "properties": {"document": {"$ref": "#/components/schemas/PolicyDocument"}, "proposals": {"type": "array", "items": {"$ref": "#/components/schemas/RuleProposal"}}}}}}}, "422": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}}}},
            "/policy/documents/{id}": {"parameters": [{"$ref": "#/components/parameters/id"}],
              "get": {"summary": "An imported policy with its text", "responses": {"200": {"description": "Document", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PolicyDocument"}}}}}}},
            "/policy/proposals": {"get": {"summary": "The rules proposed from imported policies, the newest import's first",
              "responses": {"200": {"description": "Proposals", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/RuleProposal"}}}}}}}}}},
            "/policy/proposals/{id}": {"parameters": [{"$ref": "#/components/parameters/id"}],
              "patch": {"summary": "Edit the values of a proposal under review; its kind and quotation stay (admins; audited)",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/PolicyRule"}}}},
                "responses": {"200": {"description": "Edited", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RuleProposal"}}}}, "409": {"$ref": "#/components/responses/Error"}}}},
            "/policy/proposals/{id}/accept": {"parameters": [{"$ref": "#/components/parameters/id"}],
              "post": {"summary": "Accept a proposal under review: its rule joins the policy, and findings from it quote its sentence (admins; audited)",
                "responses": {"200": {"description": "Accepted", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RuleProposal"}}}}, "409": {"$ref": "#/components/responses/Error"}}}},
            "/policy/proposals/{id}/reject": {"parameters": [{"$ref": "#/components/parameters/id"}],
              "post": {"summary": "Reject a proposal under review (admins; audited)",
                "responses": {"200": {"description": "Rejected", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RuleProposal"}}}}, "409": {"$ref": "#/components/responses/Error"}}}},
            "/exchange-rates": {
              "get": {"summary": "The workspace's manual exchange rates, newest day first (a manual rate wins over the daily reference feed from its day on)",
                "responses": {"200": {"description": "Rates", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/ExchangeRate"}}}}}}}}},
              "put": {"summary": "Set the manual rate of a pair from a day (admins; audited)",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ExchangeRate"}}}},
                "responses": {"200": {"description": "Saved", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ExchangeRate"}}}}, "422": {"$ref": "#/components/responses/Error"}}}},
            "/exchange-rates/{from}/{to}/{day}": {
              "parameters": [{"name": "from", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "to", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "day", "in": "path", "required": true, "schema": {"type": "string"}}],
              "delete": {"summary": "Remove a manual rate (admins; audited)", "responses": {"204": {"$ref": "#/components/responses/NoContent"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/report": {"get": {"summary": "Compliance figures over a period (inclusive days, default the last 30)",
              "parameters": [{"name": "from", "in": "query", "schema": {"$ref": "#/components/schemas/OptionalDate"}}, {"name": "to", "in": "query", "schema": {"$ref": "#/components/schemas/OptionalDate"}}],
              "responses": {"200": {"description": "Report", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}}}, "422": {"$ref": "#/components/responses/Error"}}}},
            "/members": {
              "get": {"summary": "Members", "responses": {"200": {"description": "Members", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Member"}}}}}}}}},
              "post": {"summary": "Invite by e-mail (admins)", "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["email"], "properties": {"email": {"type": "string", "maxLength": 254, "pattern": "^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$"}, "role": {"enum": ["viewer", "approver", "admin", null], "description": "Default viewer"}}}}}},
                "responses": {"201": {"description": "Invited", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Member"}}}}, "409": {"$ref": "#/components/responses/Error"}, "429": {"$ref": "#/components/responses/RateLimited"}}}},
            "/members/{id}": {"parameters": [{"$ref": "#/components/parameters/id"}],
              "put": {"summary": "Change a member's role (admins)", "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["role"], "properties": {"role": {"enum": ["viewer", "approver", "admin"]}}}}}},
                "responses": {"200": {"description": "Changed"}, "409": {"$ref": "#/components/responses/Error"}}},
              "delete": {"summary": "Remove a member; their access ends at once (admins)", "responses": {"204": {"$ref": "#/components/responses/NoContent"}, "409": {"$ref": "#/components/responses/Error"}}}},
            "/privacy/export": {"post": {"summary": "Everything this workspace holds about one person, as JSON (admins; audited). The person is a Lark open id (applicant or approver) or a dashboard user's e-mail",
              "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["person"], "properties": {"person": {"$ref": "#/components/schemas/Person"}}}}}},
              "responses": {"200": {"description": "The export (kopi.personal-data/1)", "content": {"application/json": {"schema": {"type": "object", "required": ["format", "person", "claims", "decisions", "cards", "taps", "auditEntries"]}}}}}}},
            "/privacy/erase": {"post": {"summary": "Erase a person: pseudonymised in claims, decisions, cards, taps and audit entries, their free text removed, figures kept; a dashboard user leaves the workspace, and their account goes if it has no other (admins; audited; cannot be undone)",
              "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["person", "confirm"], "properties": {"person": {"$ref": "#/components/schemas/Person"}, "confirm": {"const": true}}}}}},
              "responses": {"200": {"description": "Erased", "content": {"application/json": {"schema": {"type": "object", "required": ["pseudonym", "rows", "membershipRemoved", "accountDeleted"], "properties": {
                "pseudonym": {"type": "string", "pattern": "^erased-[0-9a-f]{16}$"}, "rows": {"type": "object"}, "membershipRemoved": {"type": "boolean"}, "accountDeleted": {"type": "boolean"}}}}}},
                "409": {"$ref": "#/components/responses/Error"}}}},
            "/workspace/export": {"get": {"summary": "The whole workspace as one JSON document, streamed: members, flows, policy, learned rules, its audit trail and every claim with everything about it; no secret (admins; audited)",
              "responses": {"200": {"description": "The export (kopi.workspace/1)", "content": {"application/json": {"schema": {"type": "object", "required": ["format", "workspace", "members", "claims"]}}}}}}},
            "/workspace/delete": {"post": {"summary": "Delete the workspace and every row it owns, and the accounts of members in no other workspace (admins; cannot be undone)",
              "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["confirm"], "properties": {"confirm": {"type": "string", "description": "The workspace's name, exactly"}}}}}},
              "responses": {"200": {"description": "Deleted; the session cookie is cleared when the caller's account went too", "content": {"application/json": {"schema": {"type": "object", "required": ["workspace", "accountsDeleted", "callerDeleted"]}}}}, "422": {"$ref": "#/components/responses/Error"}}}},
            "/openapi.json": {"get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI"}}}}
          }
        }
        """#
}
