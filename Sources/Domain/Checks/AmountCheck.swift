import Foundation

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
            let base = input.policy.baseCurrency ?? line.amount.currency
            guard let conversion = input.convert(line, to: base) else {
                return [
                    Self.notConverted(
                        line, index: index, of: lines.count, to: base, input: input,
                        unchecked: "its caps and usual amounts in \(base)")
                ]
            }
            let amount = conversion.converted
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
                let ratio = Double(amount.minorUnits) / stats.median
                let severity: Verdict
                if ratio >= input.policy.anomalyRedMultiple {
                    severity = .red
                } else if ratio >= input.policy.anomalyYellowMultiple {
                    severity = .yellow
                } else {
                    return nil
                }
                let median = Money(minorUnits: Int64(stats.median.rounded()), currency: base)
                var evidence = Self.evidence(Finding.Evidence.line(index, of: lines.count), conversion)
                evidence.median = median
                evidence.mad = Money(minorUnits: Int64(stats.mad.rounded()), currency: base)
                evidence.history = stats.count
                if scope == "category" { evidence.category = key } else { evidence.vendor = key }
                let times = (ratio * 10).rounded(.down) / 10
                return (
                    ratio,
                    Finding(
                        severity == .red ? .amountFarAboveNorm : .amountAboveNorm, severity: severity,
                        message: CheckEngine.prefix(index, of: lines.count)
                            + "\(Self.shown(conversion)) is \(times)× the usual \(median) for this \(scope) (\(stats.count) earlier claims).",
                        evidence: evidence,
                        rule:
                            "amount ≥ \(severity == .red ? input.policy.anomalyRedMultiple : input.policy.anomalyYellowMultiple)× median"
                    )
                )
            }
            return judged.max { $0.0 < $1.0 }.map { [$0.1] } ?? []
        }
    }

    /// The claimed amount as a finding states it: with its converted value when it was converted.
    static func shown(_ conversion: CurrencyConversion) -> String {
        conversion.original == conversion.converted
            ? "\(conversion.original)"
            : "\(conversion.original) (\(conversion.converted) at the \(conversion.day) rate)"
    }

    /// `evidence` with the claimed amount, and the converted amount and its rate when converted.
    static func evidence(_ evidence: Finding.Evidence, _ conversion: CurrencyConversion) -> Finding.Evidence {
        evidence.with {
            $0.claimed = conversion.original
            guard conversion.original.currency != conversion.converted.currency else { return }
            $0.converted = conversion.converted
            $0.rateDay = conversion.day.text
            $0.rate = ExchangeRate.text(conversion.rate)
        }
    }

    /// No rate from the line's currency into `currency` on its day: said, never skipped.
    static func notConverted(
        _ line: LineItem, index: Int, of count: Int, to currency: CurrencyCode, input: CheckInput, unchecked: String
    ) -> Finding {
        let day = CheckInput.lineDay(line, of: input.submission, policy: input.policy)
        return Finding(
            .amountNotConverted, severity: .yellow,
            message: CheckEngine.prefix(index, of: count)
                + "\(line.amount) was not converted to \(currency): no \(line.amount.currency)→\(currency) rate is known for \(day), so \(unchecked) went unchecked.",
            evidence: Finding.Evidence.line(index, of: count).with {
                $0.claimed = line.amount
                $0.rateDay = day.text
            },
            rule: "amounts judged in \(currency)")
    }
}
