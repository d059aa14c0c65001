extension Finding {
    /// The facts a finding rests on, typed. Stored and shown as a flat map of stable keys
    /// (`claimed`, `median`, `approvals`…), the same keys the API has always returned.
    public struct Evidence: Hashable, Sendable, Codable {
        /// The line of a multi-line claim (1-based); nil for a single line.
        public var line: Int?
        public var claimed: Money?
        public var median: Money?
        public var mad: Money?
        /// Earlier claims the norm was computed from.
        public var history: Int?
        /// The norm's scope: a category or a normalised vendor.
        public var category: String?
        public var vendor: String?
        public var cap: Money?
        public var expenseDate: String?
        public var ageDays: Int?
        public var invoiceDate: String?
        /// Lines dated in the last days of a month.
        public var lines: Int?
        public var file: String?
        public var outcome: String?
        public var mediaType: String?
        public var invoiceCurrency: String?
        public var invoiceTotal: Money?
        public var claimedVendor: String?
        public var invoiceVendor: String?
        public var claimedCategory: String?
        public var invoiceCategory: String?
        public var otherInstance: String?
        public var match: String?
        public var otherAmount: Money?
        /// A learned pattern's band, `low–high CUR`.
        public var band: String?
        public var approvals: Int?
        public var rejections: Int?
        /// The claimed amount in the currency it was judged in, and the rate's day and value.
        public var converted: Money?
        public var rateDay: String?
        public var rate: String?
        /// The written policy's sentence behind the rule that fired, when an admin accepted the
        /// rule from the policy document.
        public var policyQuote: String?

        public init() {}

        /// One line's evidence: its number when the claim has several lines.
        public static func line(_ index: Int, of count: Int) -> Evidence {
            var evidence = Evidence()
            if count > 1 { evidence.line = index + 1 }
            return evidence
        }

        public var isEmpty: Bool { entries.isEmpty }

        /// A copy with `change` applied.
        public func with(_ change: (inout Evidence) -> Void) -> Evidence {
            var copy = self
            change(&copy)
            return copy
        }

        /// The evidence under its stable keys, as text.
        public var entries: [String: String] {
            var entries: [String: String] = [:]
            for field in Self.fields { if let value = field.read(self) { entries[field.key] = value } }
            return entries
        }

        /// Reads the stable keys back; unknown keys and unparseable values are dropped.
        public init(entries: [String: String]) {
            self.init()
            for field in Self.fields { if let text = entries[field.key] { field.write(&self, text) } }
        }

        public init(from decoder: any Decoder) throws {
            self.init(entries: try [String: String](from: decoder))
        }

        public func encode(to encoder: any Encoder) throws {
            try entries.encode(to: encoder)
        }

        private struct Field: Sendable {
            let key: String
            let read: @Sendable (Evidence) -> String?
            let write: @Sendable (inout Evidence, String) -> Void

            static func text(_ key: String, _ path: any WritableKeyPath<Evidence, String?> & Sendable) -> Field {
                Field(key: key, read: { $0[keyPath: path] }, write: { $0[keyPath: path] = $1 })
            }

            static func count(_ key: String, _ path: any WritableKeyPath<Evidence, Int?> & Sendable) -> Field {
                Field(key: key, read: { $0[keyPath: path].map(String.init) }, write: { $0[keyPath: path] = Int($1) })
            }

            static func money(_ key: String, _ path: any WritableKeyPath<Evidence, Money?> & Sendable) -> Field {
                Field(
                    key: key, read: { $0[keyPath: path]?.description },
                    write: { $0[keyPath: path] = Money(described: $1) })
            }
        }

        private static let fields: [Field] = [
            .count("line", \.line), .money("claimed", \.claimed), .money("median", \.median), .money("mad", \.mad),
            .count("history", \.history), .text("category", \.category), .text("vendor", \.vendor),
            .money("cap", \.cap),
            .text("expense_date", \.expenseDate), .count("age_days", \.ageDays), .text("invoice_date", \.invoiceDate),
            .count("lines", \.lines), .text("file", \.file), .text("outcome", \.outcome),
            .text("media_type", \.mediaType),
            .text("invoice_currency", \.invoiceCurrency), .money("invoice_total", \.invoiceTotal),
            .text("claimed_vendor", \.claimedVendor), .text("invoice_vendor", \.invoiceVendor),
            .text("claimed_category", \.claimedCategory), .text("invoice_category", \.invoiceCategory),
            .text("other_instance", \.otherInstance), .text("match", \.match), .money("other_amount", \.otherAmount),
            .text("band", \.band), .count("approvals", \.approvals), .count("rejections", \.rejections),
            .money("converted", \.converted), .text("rate_day", \.rateDay), .text("rate", \.rate),
            .text("policy_quote", \.policyQuote),
        ]
    }
}
