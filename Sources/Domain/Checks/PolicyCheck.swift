/// Policy: per-category caps, prohibited and approved vendors, category against the invoice.
struct PolicyCheck {
    func findings(_ input: CheckInput) -> [Finding] {
        let policy = input.policy
        let lines = input.submission.lineItems
        let prohibited = Set(policy.prohibitedVendors.map(VendorName.normalise))
        let approved = Set(policy.approvedVendors.map(VendorName.normalise))
        var findings: [Finding] = []
        for (index, line) in lines.enumerated() {
            let prefix = CheckEngine.prefix(index, of: lines.count)
            let evidence = Finding.Evidence.line(index, of: lines.count)
            if let category = line.category, let cap = policy.categoryCaps[category] {
                if let conversion = input.convert(line, to: cap.currency) {
                    if conversion.converted.minorUnits > cap.minorUnits {
                        findings.append(
                            Finding(
                                .policyCapExceeded, severity: .red,
                                message: prefix
                                    + "\(AmountCheck.shown(conversion)) is above the \(cap) cap for \(category).",
                                evidence: AmountCheck.evidence(evidence, conversion).with {
                                    $0.cap = cap
                                    $0.category = category
                                },
                                rule: "\(category) cap \(cap)"))
                    }
                } else if cap.currency != policy.baseCurrency {
                    // Into the base currency, the amount check says so for every check in it.
                    findings.append(
                        AmountCheck.notConverted(
                            line, index: index, of: lines.count, to: cap.currency, input: input,
                            unchecked: "the \(cap) cap for \(category)"))
                }
            }
            guard let vendor = line.vendor.map(VendorName.normalise), !vendor.isEmpty else { continue }
            if prohibited.contains(vendor) {
                findings.append(
                    Finding(
                        .policyProhibitedVendor, severity: .red, message: prefix + "\(vendor) is a prohibited vendor.",
                        evidence: evidence.with { $0.vendor = vendor }, rule: "prohibited vendors"))
            } else if !approved.isEmpty && !approved.contains(vendor) {
                findings.append(
                    Finding(
                        .policyUnapprovedVendor, severity: .yellow,
                        message: prefix + "\(vendor) is not on the approved vendor list.",
                        evidence: evidence.with { $0.vendor = vendor }, rule: "approved vendors only"))
            }
        }
        if let claimed = input.submission.category,
            let suggested = input.extractions.compactMap(\.suggestedCategory).first,
            claimed.lowercased() != suggested.lowercased()
        {
            findings.append(
                Finding(
                    .policyCategoryMismatch, severity: .yellow,
                    message: "Claimed as \(claimed), but the invoice looks like \(suggested).",
                    evidence: Finding.Evidence().with {
                        $0.claimedCategory = claimed
                        $0.invoiceCategory = suggested
                    }, rule: "category matches the invoice"))
        }
        return findings
    }
}
