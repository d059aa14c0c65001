import Application
import Domain
import Foundation

/// How pages write dates, amounts and sizes, in the page's language (``PageLanguage``).
enum PageFormat {
    static func dateTime(_ date: Date, _ timeZone: TimeZone) -> String {
        Localizer(PageLanguage.current, timeZone: timeZone).dateTime(date)
    }

    static func day(_ date: Date, _ timeZone: TimeZone) -> String {
        Localizer(PageLanguage.current, timeZone: timeZone).day(date)
    }

    static func isoDay(_ date: Date, _ calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    static func money(_ money: Money?) -> String { money.map(PageLanguage.localizer.money) ?? "—" }

    static func size(_ bytes: Int) -> String {
        bytes >= 1_048_576
            ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : bytes >= 1024 ? "\(bytes / 1024) KB" : "\(bytes) B"
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }

    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "—" }
        let t = PageLanguage.localizer
        if seconds < 90 { return t(.durationSeconds, ["n": String(format: "%.0f", seconds)]) }
        if seconds < 5400 { return t(.durationMinutes, ["n": String(format: "%.0f", seconds / 60)]) }
        return t(.durationHours, ["n": String(format: "%.1f", seconds / 3600)])
    }

    static func outcome(_ outcome: AttachmentFacts.Outcome) -> String {
        FindingText(PageLanguage.localizer).attachment(outcome)
    }

    static func verdict(_ verdict: Verdict?) -> String {
        let t = PageLanguage.localizer
        switch verdict {
        case .green: return t(.verdictGreen)
        case .yellow: return t(.verdictYellow)
        case .red: return t(.verdictRed)
        case nil: return t(.verdictNone)
        }
    }

    static func status(_ status: SubmissionStatus) -> String {
        let t = PageLanguage.localizer
        switch status {
        case .pending: return t(.statusPending)
        case .approved: return t(.statusApproved)
        case .rejected: return t(.statusRejected)
        case .canceled: return t(.statusCanceled)
        case .deleted: return t(.statusDeleted)
        }
    }

    static func outcome(_ outcome: Decision.Outcome) -> String {
        let t = PageLanguage.localizer
        switch outcome {
        case .approve: return t(.outcomeApprove)
        case .reject: return t(.outcomeReject)
        case .askForInfo: return t(.outcomeAskForInfo)
        }
    }
}
