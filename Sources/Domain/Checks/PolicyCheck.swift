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
            let evidence = CheckEngine.lineEvidence(index, of: lines.count)
            if let category = line.category, let cap = policy.categoryCaps[category], cap.currency == line.amount.currency,
                line.amount.minorUnits > cap.minorUnits
            {
                findings.append(Finding(
                    dimension: .policy, severity: .red, code: "policy.cap_exceeded",
                    message: prefix + "\(line.amount) is above the \(cap) cap for \(category).",
                    evidence: evidence.merging(["claimed": line.amount.description, "cap": cap.description, "category": category]) { $1 },
                    rule: "\(category) cap \(cap)"))
            }
            guard let vendor = line.vendor.map(VendorName.normalise), !vendor.isEmpty else { continue }
            if prohibited.contains(vendor) {
                findings.append(Finding(
                    dimension: .policy, severity: .red, code: "policy.prohibited_vendor", message: prefix + "\(vendor) is a prohibited vendor.",
                    evidence: evidence.merging(["vendor": vendor]) { $1 }, rule: "prohibited vendors"))
            } else if !approved.isEmpty && !approved.contains(vendor) {
                findings.append(Finding(
                    dimension: .policy, severity: .yellow, code: "policy.unapproved_vendor", message: prefix + "\(vendor) is not on the approved vendor list.",
                    evidence: evidence.merging(["vendor": vendor]) { $1 }, rule: "approved vendors only"))
            }
        }
        if let claimed = input.submission.category,
            let suggested = input.extractions.compactMap(\.suggestedCategory).first,
            claimed.lowercased() != suggested.lowercased()
        {
            findings.append(Finding(
                dimension: .policy, severity: .yellow, code: "policy.category_mismatch",
                message: "Claimed as \(claimed), but the invoice looks like \(suggested).",
                evidence: ["claimed_category": claimed, "invoice_category": suggested], rule: "category matches the invoice"))
        }
        return findings
    }
}
