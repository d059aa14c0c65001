import Application
import Domain
import Foundation

/// How pages write dates, amounts and sizes.
enum PageFormat {
    static func dateTime(_ date: Date, _ timeZone: TimeZone) -> String {
        var style = Date.FormatStyle(date: .abbreviated, time: .shortened)
        style.timeZone = timeZone
        return date.formatted(style)
    }

    static func day(_ date: Date, _ timeZone: TimeZone) -> String {
        var style = Date.FormatStyle(date: .abbreviated, time: .omitted)
        style.timeZone = timeZone
        return date.formatted(style)
    }

    static func isoDay(_ date: Date, _ calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    static func money(_ money: Money?) -> String { money.map { "\($0.decimalText) \($0.currency.code)" } ?? "—" }

    static func size(_ bytes: Int) -> String {
        bytes >= 1_048_576
            ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : bytes >= 1024 ? "\(bytes / 1024) KB" : "\(bytes) B"
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }

    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "—" }
        if seconds < 90 { return String(format: "%.0f s", seconds) }
        if seconds < 5400 { return String(format: "%.0f min", seconds / 60) }
        return String(format: "%.1f h", seconds / 3600)
    }

    static func outcome(_ outcome: AttachmentFacts.Outcome) -> String {
        switch outcome {
        case .read: "read"
        case .notRead: "not read (will be re-checked)"
        case .unsupportedType: "not an invoice format Kopi reads"
        case .tooLarge: "too large to read"
        case .downloadFailed: "could not be downloaded"
        }
    }
}
