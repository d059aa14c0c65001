import Domain
import Foundation
import Ports

/// The rows of a claim's history read back into the domain, shared by the stores that read them.
extension Check {
    init(row: SQLRow, tenantID: TenantID) throws {
        guard let id = CheckID(try row.text("id")), let submissionID = SubmissionID(try row.text("submission_id"))
        else { throw StoreError.corrupt(what: "check") }
        self.init(
            id: id, tenantID: tenantID, submissionID: submissionID,
            findings: try SQLCoding.decode([Finding].self, from: try row.text("findings")),
            checkedAt: SQLCoding.date(try row.integer("checked_at")))
    }
}

extension Decision {
    init(row: SQLRow, tenantID: TenantID) throws {
        guard let id = DecisionID(try row.text("id")), let submissionID = SubmissionID(try row.text("submission_id")),
            let outcome = Decision.Outcome(rawValue: try row.text("outcome"))
        else { throw StoreError.corrupt(what: "decision") }
        self.init(
            id: id, tenantID: tenantID, submissionID: submissionID, approver: try row.text("approver"),
            outcome: outcome, decidedAt: SQLCoding.date(try row.integer("decided_at")),
            reason: try row.optionalText("reason").flatMap(DecisionReason.init))
    }
}

extension CardMessage {
    init(row: SQLRow, tenantID: TenantID) throws {
        guard let submissionID = SubmissionID(try row.text("submission_id")),
            let state = CardMessage.State(rawValue: try row.text("state"))
        else { throw StoreError.corrupt(what: "card") }
        self.init(
            tenantID: tenantID, submissionID: submissionID, approver: try row.text("approver"),
            messageID: try row.text("message_id"), taskID: try row.text("task_id"), state: state,
            sentAt: SQLCoding.date(try row.integer("sent_at")),
            remindedAt: try row.optionalInteger("reminded_at").map(SQLCoding.date))
    }
}

extension AuditEntry {
    init(row: SQLRow, tenantID: TenantID) throws {
        guard let id = AuditEntryID(try row.text("id")),
            let action = AuditEntry.Action(rawValue: try row.text("action"))
        else { throw StoreError.corrupt(what: "audit entry") }
        let submissionID = try row.optionalText("submission_id")
        self.init(
            id: id, tenantID: tenantID,
            submissionID: try submissionID.map {
                guard let parsed = SubmissionID($0) else { throw StoreError.corrupt(what: "audit entry") }
                return parsed
            }, at: SQLCoding.date(try row.integer("at")), actor: try row.text("actor"), action: action,
            detail: try SQLCoding.decode([String: String].self, from: try row.text("detail")),
            sequence: try row.integer("seq"))
    }
}

extension CardTap {
    /// The tap as stored, its sealed update token left closed (nil).
    init(withoutTokenFrom row: SQLRow, tenantID: TenantID) throws {
        guard let id = TapID(try row.text("id")), let submissionID = SubmissionID(try row.text("submission_id")),
            let choice = Decision.Outcome(rawValue: try row.text("choice")),
            let state = CardTap.State(rawValue: try row.text("state"))
        else { throw StoreError.corrupt(what: "card tap") }
        self.init(
            id: id, tenantID: tenantID, submissionID: submissionID, approver: try row.text("approver"), choice: choice,
            messageID: try row.text("message_id"), updateToken: nil,
            receivedAt: SQLCoding.date(try row.integer("received_at")), state: state,
            failure: try row.optionalText("failure"),
            reason: try row.optionalText("reason").flatMap(DecisionReason.init))
    }
}
