import Application
import Domain
import Foundation

/// The policy as the settings form writes it: caps as `category = amount currency` lines, vendors
/// one per line, tolerance in percent.
enum PolicyForm {
    /// The policy as the settings form shows it.
    struct Fields: Sendable {
        let caps: String
        let dailyCaps: String
        let invoiceAbove: String
        let prohibited: String
        let approvedVendors: String
        let window: Int
        let tolerance: String
        let yellow: String
        let red: String
        let timeZone: String
        let requireInvoice: Bool
        let weekend: Bool
        let monthEnd: Bool
        let autoApprove: String
        let retention: String
        let reminder: Int
        let baseCurrency: String
        /// The workspace's language: the platform's default, or one chosen.
        let languages: [OptionModel]
    }

    static func fields(_ policy: PolicySettings) -> Fields {
        Fields(
            caps: lines(policy.categoryCaps), dailyCaps: lines(policy.dailyCaps),
            invoiceAbove: policy.invoiceRequiredAbove.map { "\($0.decimalText) \($0.currency.code)" } ?? "",
            prohibited: policy.prohibitedVendors.sorted().joined(separator: "\n"),
            approvedVendors: policy.approvedVendors.sorted().joined(separator: "\n"),
            window: policy.submissionWindowDays,
            tolerance: String(format: "%g", Double(policy.totalToleranceBasisPoints) / 100),
            yellow: String(format: "%g", policy.anomalyYellowMultiple),
            red: String(format: "%g", policy.anomalyRedMultiple),
            timeZone: policy.timeZoneIdentifier, requireInvoice: policy.requireInvoice,
            weekend: policy.flagWeekendExpenses,
            monthEnd: policy.flagMonthEndBulk, autoApprove: policy.autoApproveAfterApprovals.map(String.init) ?? "",
            retention: policy.retentionDays.map(String.init) ?? "", reminder: policy.reminderAfterWorkingDays,
            baseCurrency: policy.baseCurrency?.code ?? "",
            languages: [
                OptionModel(
                    value: "", label: PageLanguage.localizer(.settingsLanguageDefault), selected: policy.language == nil
                )
            ]
                + Language.allCases.map {
                    OptionModel(
                        value: $0.rawValue,
                        label: PageLanguage.localizer($0 == .english ? .languageEnglish : .languageChinese),
                        selected: policy.language == $0)
                })
    }

    /// Caps as the form writes them: `category = 50.00 SGD`, one per line.
    static func lines(_ caps: [String: Money]) -> String {
        caps.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value.decimalText) \($0.value.currency.code)" }
            .joined(separator: "\n")
    }

    /// `50.00 SGD`, or nil.
    static func money(_ text: String) -> Money? {
        let amount = text.split(separator: " ").map(String.init)
        guard amount.count == 2, let currency = CurrencyCode(amount[1].uppercased()) else { return nil }
        return Money(decimal: amount[0], currency: currency)
    }

    static func caps(_ text: String, label: String, problems: inout [String]) -> [String: Money] {
        var caps: [String: Money] = [:]
        for line in text.split(whereSeparator: \.isNewline) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let money = money(parts[1]) else {
                problems.append(
                    PageLanguage.localizer(.problemCapLine, ["field": label, "line": String(line.prefix(40))]))
                continue
            }
            caps[parts[0].lowercased()] = money
        }
        return caps
    }

    /// The policy from the form, or every problem with it. What the form does not show (the
    /// rules' citations) is the caller's to carry over.
    static func parse(_ form: FormBody) throws -> PolicySettings {
        var problems: [String] = []
        let t = PageLanguage.localizer
        let categoryCaps = caps(form.text("caps"), label: t(.fieldCategoryCaps), problems: &problems)
        let dailyCaps = caps(form.text("dailyCaps"), label: t(.fieldDailyCaps), problems: &problems)
        var invoiceAbove: Money?
        if !form.text("invoiceAbove").trimmingCharacters(in: .whitespaces).isEmpty {
            invoiceAbove = money(form.text("invoiceAbove").trimmingCharacters(in: .whitespaces))
            if invoiceAbove == nil { problems.append(t(.problemInvoiceAbove)) }
        }
        func vendors(_ name: String) -> Set<String> {
            Set(
                form.text(name).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty })
        }
        func number(_ name: String, _ label: String) -> Double? {
            guard let value = Double(form.text(name)), value.isFinite else {
                problems.append(t(.problemNumber, ["field": label]))
                return nil
            }
            return value
        }
        let window = Int(form.text("window"))
        if window == nil { problems.append(t(.problemWindowNumber)) }
        let tolerance = number("tolerance", t(.fieldTolerance))
        let yellow = number("yellow", t(.fieldYellow))
        let red = number("red", t(.fieldRed))
        var autoApprove: Int?
        if !form.text("autoApprove").isEmpty {
            autoApprove = Int(form.text("autoApprove"))
            if autoApprove == nil { problems.append(t(.problemAutoApproveNumber)) }
        }
        var retention: Int?
        if !form.text("retention").isEmpty {
            retention = Int(form.text("retention"))
            if retention == nil { problems.append(t(.problemRetentionNumber)) }
        }
        var reminder = PolicySettings.defaults.reminderAfterWorkingDays
        if !form.text("reminder").isEmpty {
            if let days = Int(form.text("reminder")) {
                reminder = days
            } else {
                problems.append(t(.problemReminderNumber))
            }
        }
        var baseCurrency: CurrencyCode?
        if !form.text("baseCurrency").isEmpty {
            baseCurrency = CurrencyCode(form.text("baseCurrency"))
            if baseCurrency == nil {
                problems.append(t(.problemBaseCurrency))
            }
        }
        let language = Language(rawValue: form.text("language"))
        if language == nil && !form.text("language").isEmpty {
            problems.append(t(.problemLanguage))
        }
        guard problems.isEmpty, let window, let tolerance, let yellow, let red else {
            throw APIError.invalidInput(problems)
        }
        let policy = PolicySettings(
            categoryCaps: categoryCaps, prohibitedVendors: vendors("prohibited"), approvedVendors: vendors("approved"),
            submissionWindowDays: window,
            requireInvoice: form["requireInvoice"] != nil, totalToleranceBasisPoints: Int((tolerance * 100).rounded()),
            anomalyYellowMultiple: yellow, anomalyRedMultiple: red, flagWeekendExpenses: form["weekend"] != nil,
            autoApproveAfterApprovals: autoApprove, flagMonthEndBulk: form["monthEnd"] != nil,
            timeZoneIdentifier: form.text("timeZone").isEmpty ? "UTC" : form.text("timeZone"), retentionDays: retention,
            reminderAfterWorkingDays: reminder, baseCurrency: baseCurrency, language: language, dailyCaps: dailyCaps,
            invoiceRequiredAbove: invoiceAbove)
        guard policy.problems.isEmpty else { throw APIError.invalidInput(policy.problems) }
        return policy
    }
}
