/// Amount: each line against this tenant's norm for its category and its vendor.
struct AmountCheck {
    func findings(_ input: CheckInput) -> [Finding] {
        unreadable(input) + norms(input)
    }

    /// A claim whose form could not be fully read is never silently green.
    private func unreadable(_ input: CheckInput) -> [Finding] {
        input.claimProblems.map { Finding(.amountUnreadable, severity: .yellow, message: "The form's \($0).") }
    }

    private func norms(_ input: CheckInput) -> [Finding] {
        let lines = input.submission.lineItems
        return lines.enumerated().flatMap { index, line -> [Finding] in
            var samples: [(String, String, [Int64])] = []
            if let category = line.category, let history = input.categoryHistory[category] {
                samples.append(("category", category, history))
            }
            if let vendor = line.vendor.map(VendorName.normalise), let history = input.vendorHistory[vendor] {
                samples.append(("vendor", vendor, history))
            }
            // The strongest signal wins: one finding per line, from the norm it exceeds most.
            let judged = samples.compactMap { scope, key, history -> (Double, Finding)? in
                guard history.count >= CheckEngine.minimumHistory, let stats = RobustStatistics(history),
                    stats.median > 0
                else { return nil }
                let ratio = Double(line.amount.minorUnits) / stats.median
                let severity: Verdict
                if ratio >= input.policy.anomalyRedMultiple {
                    severity = .red
                } else if ratio >= input.policy.anomalyYellowMultiple {
                    severity = .yellow
                } else {
                    return nil
                }
                let median = Money(minorUnits: Int64(stats.median.rounded()), currency: line.amount.currency)
                var evidence = Finding.Evidence.line(index, of: lines.count)
                evidence.claimed = line.amount
                evidence.median = median
                evidence.mad = Money(minorUnits: Int64(stats.mad.rounded()), currency: line.amount.currency)
                evidence.history = stats.count
                if scope == "category" { evidence.category = key } else { evidence.vendor = key }
                let times = (ratio * 10).rounded(.down) / 10
                return (
                    ratio,
                    Finding(
                        severity == .red ? .amountFarAboveNorm : .amountAboveNorm, severity: severity,
                        message: CheckEngine.prefix(index, of: lines.count)
                            + "\(line.amount) is \(times)× the usual \(median) for this \(scope) (\(stats.count) earlier claims).",
                        evidence: evidence,
                        rule:
                            "amount ≥ \(severity == .red ? input.policy.anomalyRedMultiple : input.policy.anomalyYellowMultiple)× median"
                    )
                )
            }
            return judged.max { $0.0 < $1.0 }.map { [$0.1] } ?? []
        }
    }
}
