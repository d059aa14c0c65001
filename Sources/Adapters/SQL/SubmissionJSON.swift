import Domain
import Foundation

/// A submission's stored JSON (`submissions.body`), written through ``JSONText`` and read
/// through ``JSONValue`` instead of `JSONEncoder`/`JSONDecoder`: the check reads up to a hundred
/// past claims for every new one, and decoding them was the largest single cost left in a
/// claim's CPU. The text is what `SQLCoding.json` writes for the `Codable` conformance (sorted
/// keys, absent optionals left out, dates as milliseconds since 1970), but for a `.0` after a
/// whole number of milliseconds and an unescaped `/`; either writer's text reads back through
/// either reader as the same value (`SubmissionJSONTests`).
enum SubmissionJSON {
    static func text(_ submission: Submission) throws -> String {
        var object: [String: Any] = [
            "id": submission.id.description, "tenantID": submission.tenantID.description,
            "flowID": submission.flowID.description, "instanceCode": submission.instanceCode,
            "applicant": submission.applicant, "status": submission.status.rawValue,
            "lineItems": submission.lineItems.map(line), "attachments": submission.attachments.map(attachment),
            "submittedAt": millis(submission.submittedAt), "updatedAt": millis(submission.updatedAt),
        ]
        object["baseTotal"] = submission.baseTotal.map(money)
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
            let lineItems = object["lineItems"]?.array.flatMap({ all($0, Self.lineItem) }),
            let attachments = object["attachments"]?.array.flatMap({ all($0, Self.attachmentFacts) }),
            let submittedAt = date(object["submittedAt"]), let updatedAt = date(object["updatedAt"]),
            let baseTotal = optional(object["baseTotal"], money)
        else { return nil }
        var submission = Submission(
            id: id, tenantID: tenantID, flowID: flowID, instanceCode: instanceCode, applicant: applicant,
            status: status, lineItems: lineItems, attachments: attachments, submittedAt: submittedAt,
            updatedAt: updatedAt)
        submission.baseTotal = baseTotal
        return submission
    }

    private static func line(_ line: LineItem) -> [String: Any] {
        var object: [String: Any] = ["amount": money(line.amount)]
        object["date"] = line.date.map(millis)
        object["category"] = line.category
        object["vendor"] = line.vendor
        object["description"] = line.description
        return object
    }

    private static func lineItem(_ value: JSONValue) -> LineItem? {
        guard let object = value.object, let amount = object["amount"].flatMap(money),
            let date = optional(object["date"], { Self.date($0) }), let category = optionalString(object["category"]),
            let vendor = optionalString(object["vendor"]), let description = optionalString(object["description"])
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
            let mediaType = optional(object["mediaType"], { $0.string.flatMap(MediaType.init(rawValue:)) }),
            let size = object["size"].flatMap(integer).flatMap({ Int(exactly: $0) }),
            let contentHash = optionalString(object["contentHash"]),
            let outcome = object["outcome"]?.string.flatMap(AttachmentFacts.Outcome.init(rawValue:))
        else { return nil }
        return AttachmentFacts(
            fileName: fileName, mediaType: mediaType, size: size, contentHash: contentHash, outcome: outcome)
    }

    private static func money(_ money: Money) -> [String: Any] {
        ["minorUnits": Int(money.minorUnits), "currency": money.currency.code]
    }

    private static func money(_ value: JSONValue) -> Money? {
        guard let object = value.object, let minorUnits = object["minorUnits"].flatMap(integer),
            let currency = object["currency"]?.string.flatMap(CurrencyCode.init)
        else { return nil }
        return Money(minorUnits: minorUnits, currency: currency)
    }

    /// `JSONDecoder`'s reading of an integer: a number literal without fraction or exponent.
    private static func integer(_ value: JSONValue) -> Int64? {
        guard case .number(let text) = value else { return nil }
        return Int64(text)
    }

    /// As `JSONDecoder` reads `.millisecondsSince1970`: the number over 1,000, in seconds.
    private static func date(_ value: JSONValue?) -> Date? {
        guard let milliseconds = value?.double, milliseconds.isFinite else { return nil }
        return Date(timeIntervalSince1970: milliseconds / 1000)
    }

    private static func millis(_ date: Date) -> Double { date.timeIntervalSince1970 * 1000 }

    private static func optionalString(_ value: JSONValue?) -> String?? {
        optional(value) { $0.string }
    }

    /// An optional member as `Codable` reads one: absent or null is `.some(nil)`; a value that
    /// does not read is `.none`, which fails the whole submission.
    private static func optional<Value>(_ value: JSONValue?, _ read: (JSONValue) -> Value?) -> Value?? {
        guard let value, !value.isNull else { return .some(nil) }
        return read(value).map { .some($0) } ?? .none
    }

    private static func all<Value>(_ values: [JSONValue], _ read: (JSONValue) -> Value?) -> [Value]? {
        var result: [Value] = []
        result.reserveCapacity(values.count)
        for value in values {
            guard let element = read(value) else { return nil }
            result.append(element)
        }
        return result
    }
}
