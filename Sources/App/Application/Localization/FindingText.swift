public import Domain
import Foundation

/// A finding's sentence in the reader's language, written from its code and typed evidence.
/// The check itself stores an English sentence (``Finding/message``, kept for the API); a finding
/// whose evidence lacks what its phrase needs (stored by an older version) falls back to it.
public struct FindingText: Sendable {
    public let localizer: Localizer

    public init(_ localizer: Localizer) { self.localizer = localizer }

    public func sentence(_ finding: Finding) -> String {
        guard let body = body(finding) else { return finding.message }
        guard let line = finding.evidence.line else { return body }
        return localizer(.findingLine, ["line": String(line), "finding": body])
    }

    private func body(_ finding: Finding) -> String? {
        let e = finding.evidence
        let t = localizer
        switch finding.code {
        case .amountAboveNorm, .amountFarAboveNorm:
            guard let claimed = e.claimed, let median = e.median, median.minorUnits > 0, let history = e.history,
                let scope = e.category ?? e.vendor
            else { return nil }
            let judged = e.converted ?? claimed
            let times = (Double(judged.minorUnits) / Double(median.minorUnits) * 10).rounded(.down) / 10
            var values = [
                "claimed": t.money(claimed), "median": t.money(median), "times": String(times), "scope": scope,
                "history": t.number(history),
            ]
            guard let converted = e.converted, let day = e.rateDay else { return t(.findingAboveNorm, values) }
            values["converted"] = t.money(converted)
            values["day"] = t.day(iso: day)
            return t(.findingAboveNormConverted, values)
        case .amountUnreadable:
            return localizer.language == .english ? nil : t(.findingUnreadableAmount)
        case .amountNotConverted:
            guard let claimed = e.claimed, let day = e.rateDay else { return nil }
            return t(.findingNotConverted, ["claimed": t.money(claimed), "day": t.day(iso: day)])
        case .dateFuture: return t(.findingDateFuture)
        case .dateStale:
            guard let days = e.ageDays else { return nil }
            return t(.findingDateStale, ["days": t.number(days)])
        case .dateWeekend: return t(.findingDateWeekend)
        case .dateInvoiceMismatch:
            guard let claimed = e.expenseDate, let invoice = e.invoiceDate else { return nil }
            return t(.findingDateInvoiceMismatch, ["claimed": t.day(iso: claimed), "invoice": t.day(iso: invoice)])
        case .dateMonthEndBulk:
            guard let lines = e.lines else { return nil }
            return t(.findingMonthEndBulk, ["lines": t.number(lines)])
        case .invoiceMissing:
            guard let threshold = e.cap else { return t(.findingInvoiceMissing) }
            return t(.findingInvoiceMissingAbove, ["amount": t.money(threshold)])
        case .invoiceUnreadable:
            guard let file = e.file, let outcome = e.outcome.flatMap(AttachmentFacts.Outcome.init(rawValue:)) else {
                return nil
            }
            return t(.findingInvoiceUnreadable, ["file": file, "reason": attachment(outcome)])
        case .invoiceNotVerified: return t(.findingInvoiceNotVerified)
        case .invoiceCurrencyMismatch:
            guard let claimed = e.claimed, let invoice = e.invoiceCurrency else { return nil }
            return t(.findingCurrencyMismatch, ["invoice": invoice, "claimed": claimed.currency.code])
        case .invoiceTotalUnreadable: return t(.findingTotalUnreadable)
        case .invoiceClaimExceedsTotal, .invoiceClaimBelowTotal:
            guard let claimed = e.claimed, let total = e.invoiceTotal else { return nil }
            return t(
                finding.code == .invoiceClaimExceedsTotal ? .findingClaimExceedsTotal : .findingClaimBelowTotal,
                ["claimed": t.money(claimed), "total": t.money(total)])
        case .invoiceVendorMismatch:
            guard let claimed = e.claimedVendor, let invoice = e.invoiceVendor else { return nil }
            return t(.findingVendorMismatch, ["claimed": claimed, "invoice": invoice])
        case .invoiceDuplicate:
            guard let instance = e.otherInstance else { return nil }
            return t(e.match == "same_file" ? .findingDuplicateFile : .findingDuplicateNumber, ["instance": instance])
        case .invoicePossibleDuplicate:
            guard let instance = e.otherInstance, let amount = e.otherAmount, let vendor = e.vendor else { return nil }
            return t(.findingPossibleDuplicate, ["vendor": vendor, "amount": t.money(amount), "instance": instance])
        case .policyCapExceeded:
            guard let claimed = e.claimed, let cap = e.cap, let category = e.category else { return nil }
            var values = ["claimed": t.money(claimed), "cap": t.money(cap), "category": category]
            guard let converted = e.converted, let day = e.rateDay else { return t(.findingCapExceeded, values) }
            values["converted"] = t.money(converted)
            values["day"] = t.day(iso: day)
            return t(.findingCapExceededConverted, values)
        case .policyDailyCapExceeded:
            guard let claimed = e.claimed, let cap = e.cap, let category = e.category, let day = e.expenseDate else {
                return nil
            }
            return t(
                .findingDailyCap,
                ["claimed": t.money(claimed), "cap": t.money(cap), "category": category, "day": t.day(iso: day)])
        case .policyProhibitedVendor, .policyUnapprovedVendor:
            guard let vendor = e.vendor else { return nil }
            return t(
                finding.code == .policyProhibitedVendor ? .findingProhibitedVendor : .findingUnapprovedVendor,
                ["vendor": vendor])
        case .policyCategoryMismatch:
            guard let claimed = e.claimedCategory, let invoice = e.invoiceCategory else { return nil }
            return t(.findingCategoryMismatch, ["claimed": claimed, "invoice": invoice])
        case .memoryKnownPattern:
            guard let count = e.approvals, let vendor = e.vendor, let category = e.category else { return nil }
            return t(.findingKnownPattern, ["count": t.number(count), "vendor": vendor, "category": category])
        case .memoryLearnedRejection:
            guard let count = e.rejections, let vendor = e.vendor else { return nil }
            return t(.findingLearnedRejection, ["count": t.number(count), "vendor": vendor])
        }
    }

    /// The written policy's sentence behind the finding's rule, quoted; nil when the rule did not
    /// come from the policy document.
    public func quote(_ finding: Finding) -> String? {
        finding.evidence.policyQuote.map { localizer(.policyQuote, ["quote": $0]) }
    }

    /// Why an attachment was or was not read.
    public func attachment(_ outcome: AttachmentFacts.Outcome) -> String {
        switch outcome {
        case .read: localizer(.attachmentRead)
        case .notRead: localizer(.attachmentNotRead)
        case .unsupportedType: localizer(.attachmentUnsupported)
        case .tooLarge: localizer(.attachmentTooLarge)
        case .downloadFailed: localizer(.attachmentDownloadFailed)
        }
    }

    /// A dimension's heading.
    public func dimension(_ dimension: Domain.Dimension) -> String {
        switch dimension {
        case .amount: localizer(.dimensionAmount)
        case .date: localizer(.dimensionDate)
        case .invoice: localizer(.dimensionInvoice)
        case .policy: localizer(.dimensionPolicy)
        case .memory: localizer(.dimensionMemory)
        }
    }
}
