import Foundation

/// Memory: what this tenant's approvers decided before for the same vendor, category and range.
struct MemoryCheck {
    func findings(_ input: CheckInput) -> [Finding] {
        let lines = input.submission.lineItems
        let calendar = input.policy.calendar
        return lines.enumerated().compactMap { index, line -> Finding? in
            guard let vendor = line.vendor.map(VendorName.normalise), let category = line.category,
                let pattern = input.patterns.first(where: {
                    $0.tenantID == input.submission.tenantID && $0.vendorKey == vendor && $0.category == category
                        && $0.contains(line.amount)
                })
            else { return nil }
            var evidence = Finding.Evidence.line(index, of: lines.count)
            evidence.band =
                "\(Money(minorUnits: pattern.lowerBound, currency: pattern.currency).decimalText)–\(Money(minorUnits: pattern.upperBound, currency: pattern.currency))"
            evidence.approvals = pattern.approvals
            evidence.rejections = pattern.rejections
            evidence.vendor = vendor
            evidence.category = category
            let prefix = CheckEngine.prefix(index, of: lines.count)
            let rule = "learned pattern \(pattern.id)"
            if pattern.rejections > pattern.approvals {
                return Finding(
                    .memoryLearnedRejection, severity: .red,
                    message: prefix + "Claims like this from \(vendor) were rejected \(pattern.rejections) times.",
                    evidence: evidence, rule: rule)
            }
            guard pattern.approvals > 0 else { return nil }
            return Finding(
                .memoryKnownPattern, severity: .green,
                message: prefix
                    + "Approved \(pattern.approvals) times for \(vendor) (\(category)), last on \(DateCheck.format(pattern.lastDecidedAt, calendar)).",
                evidence: evidence, rule: rule)
        }
    }
}
