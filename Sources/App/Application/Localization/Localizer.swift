public import Domain
public import Foundation
public import Ports

/// Writes Kopi's words in one language: a phrase from that language's catalogue with its
/// `{placeholders}` filled, and numbers, money and dates the way its readers write them, in the
/// workspace's time zone. Values are inserted as they are, never translated or re-read, so a
/// value holding braces stays text.
public struct Localizer: Sendable {
    public let language: Language
    public let timeZone: TimeZone
    private let phrases: [Phrase: String]

    public init(_ language: Language, timeZone: TimeZone = .gmt) {
        self.language = language
        self.timeZone = timeZone
        phrases = Catalogue.phrases(language)
    }

    /// The workspace's language and time zone under `policy`.
    public init(policy: PolicySettings, domain: LarkDomain) {
        self.init(policy.language(on: domain), timeZone: policy.calendar.timeZone)
    }

    public func callAsFunction(_ phrase: Phrase, _ values: [String: String] = [:]) -> String {
        Self.fill(phrases[phrase] ?? Catalogue.english[phrase] ?? phrase.rawValue, values)
    }

    /// Every phrase of the language under its key, for templates (`{{t.key}}`).
    public var table: [String: String] {
        Dictionary(uniqueKeysWithValues: phrases.map { ($0.key.rawValue, $0.value) })
    }

    /// Replaces each `{name}` whose name is in `values`, in one pass.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        guard template.utf8.contains(UInt8(ascii: "{")) else { return template }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let value = values[String(after[..<close])] {
                out += value
                rest = after[after.index(after: close)...]
            } else {
                out += "{"
                rest = after
            }
        }
        return out + rest
    }

    /// The `{names}` a phrase expects.
    static func placeholders(_ template: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            names.insert(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return names
    }

    // MARK: Formats

    /// An integer with the language's digit grouping: `12,345`.
    public func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// An amount with grouped digits and all its minor units: `1,234.50 SGD` in English,
    /// `SGD 1,234.50` in Chinese (the code first, as Chinese finance documents write it).
    public func money(_ money: Money) -> String {
        let text = money.decimalText
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        let whole = Int(parts[0]).map(number) ?? String(parts[0])
        let amount = (negative ? "-" : "") + whole + (parts.count > 1 ? "." + parts[1] : "")
        switch language {
        case .english: return "\(amount) \(money.currency.code)"
        case .chinese: return "\(money.currency.code) \(amount)"
        }
    }

    /// A calendar day in the time zone: `2 Dec 2026`, `2026年12月2日`.
    public func day(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let (year, month, day) = (parts.year ?? 0, max(1, parts.month ?? 1), parts.day ?? 1)
        switch language {
        case .english: return "\(day) \(Self.englishMonths[(month - 1) % 12]) \(year)"
        case .chinese: return "\(year)年\(month)月\(day)日"
        }
    }

    /// A day and a 24-hour time in the time zone: `2 Dec 2026, 14:05`, `2026年12月2日 14:05`.
    public func dateTime(_ date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        switch language {
        case .english: return "\(day(date)), \(time)"
        case .chinese: return "\(day(date)) \(time)"
        }
    }

    /// A stored `yyyy-MM-dd` day, written for the language; other text is returned as it is.
    public func day(iso text: String) -> String {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10, (1...12).contains(parts[1]) else { return text }
        switch language {
        case .english: return "\(parts[2]) \(Self.englishMonths[(parts[1] - 1) % 12]) \(parts[0])"
        case .chinese: return "\(parts[0])年\(parts[1])月\(parts[2])日"
        }
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    private static let englishMonths = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
}

extension Localizer {
    /// The language and time zone a workspace writes in, read in its scope.
    public static func workspace(_ scope: any TenantScope) async throws -> Localizer {
        Localizer(policy: try await scope.tenant.policy(), domain: try await scope.tenant.tenant().larkDomain)
    }
}
