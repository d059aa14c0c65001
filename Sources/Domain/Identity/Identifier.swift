public import Foundation

/// A typed UUID: `Identifier<Tenant>` and `Identifier<Submission>` cannot be mixed up.
/// New identifiers come from the Randomness port; the domain never generates them.
public struct Identifier<Entity>: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let uuid: UUID

    public init(_ uuid: UUID) {
        self.uuid = uuid
    }

    public init?(_ string: String) {
        guard let uuid = UUIDText.parse(string) else { return nil }
        self.uuid = uuid
    }

    /// Lower-case canonical text, the form stored in databases.
    public var description: String { UUIDText.lowercase(uuid) }

    /// The order of ``description``: byte order is the order of lower-case hex text.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        withUnsafeBytes(of: lhs.uuid.uuid) { left in
            withUnsafeBytes(of: rhs.uuid.uuid) { right in left.lexicographicallyPrecedes(right) }
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let uuid = UUIDText.parse(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a UUID")
        }
        self.uuid = uuid
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

public typealias TenantID = Identifier<Tenant>
public typealias UserID = Identifier<User>
public typealias FlowID = Identifier<MonitoredFlow>
public typealias SubmissionID = Identifier<Submission>
public typealias CheckID = Identifier<Check>
public typealias DecisionID = Identifier<Decision>
public typealias PatternID = Identifier<LearnedPattern>
public typealias JobID = Identifier<Job>
public typealias AuditEntryID = Identifier<AuditEntry>
public typealias TapID = Identifier<CardTap>
