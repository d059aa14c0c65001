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
        findings += dailyCaps(input)
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

    /// One person's lines of a category on one day, this claim's and their other open or
    /// approved claims', summed in the cap's currency, against the daily cap (a line without a
    /// rate is left to the amount check's "not converted"). Only days this claim has lines on
    /// are judged, so each claim answers for the days it adds to.
    private func dailyCaps(_ input: CheckInput) -> [Finding] {
        let policy = input.policy
        guard !policy.dailyCaps.isEmpty else { return [] }
        var sums: [String: (category: String, day: RateDay, minor: Int64, lines: Int)] = [:]
        func add(_ line: LineItem, of claim: Submission, opening: Bool) {
            guard let category = line.category?.lowercased(), let cap = policy.dailyCaps[category] else { return }
            let day = CheckInput.lineDay(line, of: claim, policy: policy)
            let key = category + "|" + day.text
            guard opening || sums[key] != nil,
                let converted = input.rates.convert(line.amount, to: cap.currency, on: day)
            else { return }
            let current = sums[key] ?? (category, day, 0, 0)
            sums[key] = (category, day, current.minor &+ converted.converted.minorUnits, current.lines + 1)
        }
        for line in input.submission.lineItems { add(line, of: input.submission, opening: true) }
        for claim in input.applicantClaims
        where claim.id != input.submission.id && claim.applicant == input.submission.applicant
            && [.pending, .approved].contains(claim.status)
        {
            for line in claim.lineItems { add(line, of: claim, opening: false) }
        }
        return sums.values.sorted { ($0.day.text, $0.category) < ($1.day.text, $1.category) }.compactMap { sum in
            guard let cap = policy.dailyCaps[sum.category], sum.minor > cap.minorUnits else { return nil }
            let claimed = Money(minorUnits: sum.minor, currency: cap.currency)
            return Finding(
                .policyDailyCapExceeded, severity: .red,
                message: "\(claimed) of \(sum.category) on \(sum.day.text) is above the \(cap) daily cap.",
                evidence: Finding.Evidence().with {
                    $0.claimed = claimed
                    $0.cap = cap
                    $0.category = sum.category
                    $0.expenseDate = sum.day.text
                    $0.lines = sum.lines
                }, rule: "\(sum.category) daily cap \(cap)")
        }
    }
}
