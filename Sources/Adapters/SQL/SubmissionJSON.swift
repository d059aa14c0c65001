import Domain
import Foundation

/// A submission's stored JSON (`submissions.body`), written through ``JSONText`` and read
/// through ``JSONValue`` instead of `JSONEncoder`/`JSONDecoder`: the check reads up to a hundred
/// past claims for every new one, and decoding them was the largest single cost left in a
/// claim's CPU. The text is what `SQLCoding.json` writes for the `Codable` conformance (sorted
/// keys, absent optionals left out, dates as milliseconds since 1970), but for a `.0` after a
/// whole number of milliseconds and an unescaped `/`; either writer's text reads back through
/// either reader as the same value (`StoredJSONTests`).
enum SubmissionJSON {
    private typealias Stored = StoredJSON

    static func text(_ submission: Submission) throws -> String {
        var object: [String: Any] = [
            "id": submission.id.description, "tenantID": submission.tenantID.description,
            "flowID": submission.flowID.description, "instanceCode": submission.instanceCode,
            "applicant": submission.applicant, "status": submission.status.rawValue,
            "lineItems": submission.lineItems.map(line), "attachments": submission.attachments.map(attachment),
            "submittedAt": Stored.millis(submission.submittedAt), "updatedAt": Stored.millis(submission.updatedAt),
        ]
        object["baseTotal"] = submission.baseTotal.map(Stored.money)
        return try JSONText.serialize(object)
    }

    /// Nil for anything that is not a submission as either writer stores it.
    static func submission(from text: String) -> Submission? {
        guard let object = (try? JSONValue.parse(text))?.object,
            let id = object["id"]?.string.flatMap(SubmissionID.init),
            let tenantID = object["tenantID"]?.string.flatMap(TenantID.init),
            let flowID = object["flowID"]?.string.flatMap(FlowID.init),
            let instanceCode = object["instanceCode"]?.string, let applicant = object["applicant"]?.string,
            let status = object["status"]?.string.flatMap(SubmissionStatus.init(rawValue:)),
            let lineItems = object["lineItems"]?.array.flatMap({ CodableReading.all($0, Self.lineItem) }),
            let attachments = object["attachments"]?.array.flatMap({ CodableReading.all($0, Self.attachmentFacts) }),
            let submittedAt = Stored.date(object["submittedAt"]), let updatedAt = Stored.date(object["updatedAt"]),
            let baseTotal = CodableReading.optional(object["baseTotal"], Stored.money)
        else { return nil }
        var submission = Submission(
            id: id, tenantID: tenantID, flowID: flowID, instanceCode: instanceCode, applicant: applicant,
            status: status, lineItems: lineItems, attachments: attachments, submittedAt: submittedAt,
            updatedAt: updatedAt)
        submission.baseTotal = baseTotal
        return submission
    }

    private static func line(_ line: LineItem) -> [String: Any] {
        var object: [String: Any] = ["amount": Stored.money(line.amount)]
        object["date"] = line.date.map(Stored.millis)
        object["category"] = line.category
        object["vendor"] = line.vendor
        object["description"] = line.description
        return object
    }

    private static func lineItem(_ value: JSONValue) -> LineItem? {
        guard let object = value.object, let amount = object["amount"].flatMap(Stored.money),
            let date = CodableReading.optional(object["date"], { Stored.date($0) }),
            let category = Stored.optionalString(object["category"]),
            let vendor = Stored.optionalString(object["vendor"]),
            let description = Stored.optionalString(object["description"])
        else { return nil }
        return LineItem(amount: amount, date: date, category: category, vendor: vendor, description: description)
    }

    private static func attachment(_ facts: AttachmentFacts) -> [String: Any] {
        var object: [String: Any] = ["fileName": facts.fileName, "size": facts.size, "outcome": facts.outcome.rawValue]
        object["mediaType"] = facts.mediaType?.rawValue
        object["contentHash"] = facts.contentHash
        return object
    }

    private static func attachmentFacts(_ value: JSONValue) -> AttachmentFacts? {
        guard let object = value.object, let fileName = object["fileName"]?.string,
            let mediaType = CodableReading.optional(
                object["mediaType"], { $0.string.flatMap(MediaType.init(rawValue:)) }),
            let size = object["size"]?.integer.flatMap({ Int(exactly: $0) }),
            let contentHash = Stored.optionalString(object["contentHash"]),
            let outcome = object["outcome"]?.string.flatMap(AttachmentFacts.Outcome.init(rawValue:))
        else { return nil }
        return AttachmentFacts(
            fileName: fileName, mediaType: mediaType, size: size, contentHash: contentHash, outcome: outcome)
    }
}
