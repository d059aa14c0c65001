import Foundation

/// Invoice: present and readable, total and currency match the claim, vendor matches, and the
/// same invoice does not appear in another submission.
struct InvoiceCheck {
    /// Expense days at most this far apart (in the policy's time zone) count as the same outing.
    static let nearExpenseDays = 1

    func findings(_ input: CheckInput) -> [Finding] {
        presence(input) + agreement(input) + duplicates(input)
    }

    private func presence(_ input: CheckInput) -> [Finding] {
        let attachments = input.submission.attachments
        if attachments.isEmpty {
            guard input.extractions.isEmpty else { return [] }
            if input.policy.requireInvoice {
                return [
                    Finding(
                        .invoiceMissing, severity: .yellow, message: "No invoice is attached.", rule: "invoice required"
                    )
                ]
            }
            guard let threshold = input.policy.invoiceRequiredAbove,
                Self.total(input, in: threshold) > threshold.minorUnits
            else { return [] }
            return [
                Finding(
                    .invoiceMissing, severity: .yellow,
                    message: "No invoice is attached; one is needed above \(threshold).",
                    evidence: Finding.Evidence().with { $0.cap = threshold },
                    rule: "invoice required above \(threshold)")
            ]
        }
        var findings = attachments.filter { [.unsupportedType, .tooLarge, .downloadFailed].contains($0.outcome) }.map {
            facts in
            Finding(
                .invoiceUnreadable, severity: .yellow,
                message: "Couldn't read the attachment \(facts.fileName) (\(Self.reason(facts.outcome))).",
                evidence: Finding.Evidence().with {
                    $0.file = facts.fileName
                    $0.outcome = facts.outcome.rawValue
                    $0.mediaType = facts.mediaType?.rawValue ?? "unknown"
                })
        }
        if input.extractions.isEmpty && attachments.contains(where: { $0.outcome == .notRead }) {
            findings.append(
                Finding(
                    .invoiceNotVerified, severity: .yellow,
                    message: "Invoice not verified: the invoice reader was unavailable. Kopi will re-check.",
                    rule: "invoice read by AI"))
        }
        return findings
    }

    /// The claim's total in `threshold`'s currency; a line without a rate counts as above it, so an
    /// unconverted claim is asked for its invoice rather than let through.
    private static func total(_ input: CheckInput, in threshold: Money) -> Int64 {
        var total: Int64 = 0
        for line in input.submission.lineItems {
            guard let converted = input.convert(line, to: threshold.currency)?.converted else { return .max }
            total = total.addingReportingOverflow(converted.minorUnits).overflow ? .max : total + converted.minorUnits
        }
        return total
    }

    private func agreement(_ input: CheckInput) -> [Finding] {
        guard !input.extractions.isEmpty, let claimed = input.submission.claimedTotal else { return [] }
        var findings: [Finding] = []
        let currencies = Set(input.extractions.compactMap { $0.currency ?? $0.total?.currency })
        if let other = currencies.first(where: { $0 != claimed.currency }) {
            findings.append(
                Finding(
                    .invoiceCurrencyMismatch, severity: .yellow,
                    message: "The invoice is in \(other), the claim in \(claimed.currency).",
                    evidence: Finding.Evidence().with {
                        $0.claimed = claimed
                        $0.invoiceCurrency = other.code
                    }, rule: "same currency"))
        }
        let totals = input.extractions.compactMap(\.total).filter { $0.currency == claimed.currency }
        if totals.isEmpty {
            findings.append(
                Finding(.invoiceTotalUnreadable, severity: .yellow, message: "The invoice total could not be read."))
        } else {
            let invoiced = totals.reduce(Int64(0)) { $0 + $1.minorUnits }
            let tolerance = Int64(
                (Double(invoiced) * Double(input.policy.totalToleranceBasisPoints) / 10_000).rounded())
            let invoicedMoney = Money(minorUnits: invoiced, currency: claimed.currency)
            let evidence = Finding.Evidence().with {
                $0.claimed = claimed
                $0.invoiceTotal = invoicedMoney
            }
            let rule = "claim within \(Double(input.policy.totalToleranceBasisPoints) / 100)% of invoice total"
            if claimed.minorUnits > invoiced + tolerance {
                findings.append(
                    Finding(
                        .invoiceClaimExceedsTotal, severity: .red,
                        message: "The claim of \(claimed) exceeds the invoice total of \(invoicedMoney).",
                        evidence: evidence, rule: rule))
            } else if claimed.minorUnits < invoiced - tolerance {
                findings.append(
                    Finding(
                        .invoiceClaimBelowTotal, severity: .yellow,
                        message: "The claim of \(claimed) is below the invoice total of \(invoicedMoney).",
                        evidence: evidence, rule: rule))
            }
        }
        if let claimedVendor = input.submission.vendorKey,
            let invoiceVendor = input.extractions.compactMap(\.vendor).map(VendorName.normalise).first,
            !claimedVendor.contains(invoiceVendor), !invoiceVendor.contains(claimedVendor)
        {
            findings.append(
                Finding(
                    .invoiceVendorMismatch, severity: .yellow,
                    message: "The claim names \(claimedVendor) but the invoice is from \(invoiceVendor).",
                    evidence: Finding.Evidence().with {
                        $0.claimedVendor = claimedVendor
                        $0.invoiceVendor = invoiceVendor
                    }, rule: "same vendor"))
        }
        return findings
    }

    private func duplicates(_ input: CheckInput) -> [Finding] {
        let submission = input.submission
        var findings = input.sameInvoice.filter { $0.submissionID != submission.id }.map { match in
            Finding(
                .invoiceDuplicate, severity: .red,
                message: match.reason == .sameFile
                    ? "The same invoice file was already claimed in \(match.instanceCode)."
                    : "An invoice with the same vendor and number was already claimed in \(match.instanceCode).",
                evidence: Finding.Evidence().with {
                    $0.otherInstance = match.instanceCode
                    $0.match = match.reason.rawValue
                }, rule: "each invoice claimed once")
        }
        let claimedInvoices = Set(input.sameInvoice.map(\.submissionID))
        guard let vendor = submission.vendorKey, let total = submission.claimedTotal else { return findings }
        for other in input.recentVendorSubmissions
        where other.id != submission.id && !claimedInvoices.contains(other.id) {
            guard other.vendorKey == vendor, let otherTotal = other.claimedTotal, otherTotal.currency == total.currency,
                CheckInput.isNearTotal(otherTotal.minorUnits, total.minorUnits),
                Self.daysBetween(other.expenseDate, submission.expenseDate, in: input.policy.calendar)
                    <= Self.nearExpenseDays
            else { continue }
            findings.append(
                Finding(
                    .invoicePossibleDuplicate, severity: .yellow,
                    message: "A similar claim from \(vendor) for \(otherTotal) was made in \(other.instanceCode).",
                    evidence: Finding.Evidence().with {
                        $0.otherInstance = other.instanceCode
                        $0.otherAmount = otherTotal
                        $0.vendor = vendor
                    },
                    rule: "same vendor, amount within 5%, expense days at most a day apart"))
        }
        return findings
    }

    /// Whole calendar days between two moments, in the policy's calendar.
    static func daysBetween(_ first: Date, _ second: Date, in calendar: Calendar) -> Int {
        let days =
            calendar.dateComponents([.day], from: calendar.startOfDay(for: first), to: calendar.startOfDay(for: second))
            .day ?? 0
        return abs(days)
    }

    static func reason(_ outcome: AttachmentFacts.Outcome) -> String {
        switch outcome {
        case .unsupportedType: "not a PDF, PNG, JPEG, GIF or WebP"
        case .tooLarge: "too large"
        case .downloadFailed: "Lark would not serve it"
        case .notRead: "not read yet"
        case .read: "read"
        }
    }
}
