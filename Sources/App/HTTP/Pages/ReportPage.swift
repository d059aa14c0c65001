import Application
import Domain
import Foundation
import Hummingbird

/// `/report`: compliance figures over a chosen period, with inline SVG charts.
struct ReportPage: Sendable {
    let chrome: PageChrome
    let reports: ReportService

    func register(on router: Router<KopiRequestContext>) {
        router.get("report") { request, _ in
            try await chrome.page(request) { caller in
                let (report, calendar) = try await reports.report(
                    from: request.query("from"), to: request.query("to"), caller: caller)
                let chrome = try await chrome.model(caller, section: .report, request: request)
                return PageRenderer.render("report", PageModel(Self.model(report, calendar: calendar), chrome: chrome))
            }
        }
    }

    /// The figures, and the charts as SVG (the only markup a template renders unescaped).
    struct Figures: Sendable {
        let from: String
        let to: String
        let submissions: Int
        let violationRate: String
        let memoryMatchRate: String
        let medianToCard: String
        let medianToDecision: String
        let autoApproved: Int
        let dailyChart: String
        let violationChart: String
        let hasViolations: Bool
        let decisionChart: String
        /// The period's claims by currency, the base currency's first, e.g. `12,345.00 SGD (40 claims)`.
        let amounts: [Amount]
    }

    struct Amount: Sendable {
        let text: String
        let note: String
    }

    static func model(_ report: ComplianceReport, calendar: Calendar) -> Figures {
        let flagged = (report.verdicts["yellow"] ?? 0) + (report.verdicts["red"] ?? 0)
        let lastDay = calendar.date(byAdding: .day, value: -1, to: report.to) ?? report.to
        let days = report.days.map { day in
            (
                label: day.date,
                segments: [
                    SVGChart.Segment(value: day.green, colour: SVGChart.green),
                    SVGChart.Segment(value: day.yellow, colour: SVGChart.yellow),
                    SVGChart.Segment(value: day.red, colour: SVGChart.red),
                    SVGChart.Segment(value: day.unchecked, colour: SVGChart.grey),
                ]
            )
        }
        let violations = report.violations.prefix(12).map {
            (
                label: $0.code.rawValue, value: $0.rate, text: "\($0.submissions) · \(PageFormat.percent($0.rate))",
                colour: $0.severity == .red ? SVGChart.red : SVGChart.yellow
            )
        }
        let t = PageLanguage.localizer
        let decisionNames = [
            ("approve", t(.reportApproved)), ("reject", t(.reportRejected)), ("ask_for_info", t(.reportAsked)),
            ("undecided", t(.reportUndecided)),
        ]
        let decisions = decisionNames.map { key, label in
            (
                label: label, value: Double(report.decisions[key] ?? 0), text: String(report.decisions[key] ?? 0),
                colour: SVGChart.blue
            )
        }
        return Figures(
            from: PageFormat.isoDay(report.from, calendar), to: PageFormat.isoDay(lastDay, calendar),
            submissions: report.submissions,
            violationRate: report.checked == 0 ? "—" : PageFormat.percent(Double(flagged) / Double(report.checked)),
            memoryMatchRate: PageFormat.percent(report.memoryMatchRate),
            medianToCard: PageFormat.duration(report.medianSecondsToCard),
            medianToDecision: PageFormat.duration(report.medianSecondsToDecision), autoApproved: report.autoApproved,
            dailyChart: SVGChart.stackedDays(
                days,
                legend: [
                    (PageFormat.verdict(.green), SVGChart.green), (PageFormat.verdict(.yellow), SVGChart.yellow),
                    (PageFormat.verdict(.red), SVGChart.red), (t(.reportLegendUnchecked), SVGChart.grey),
                ]),
            violationChart: SVGChart.bars(violations, ariaLabel: t(.reportByRule)),
            hasViolations: !violations.isEmpty,
            decisionChart: SVGChart.bars(decisions, ariaLabel: t(.reportDecisions)),
            amounts: report.amounts.sorted {
                ($0.total.currency == report.baseCurrency ? 0 : 1) < ($1.total.currency == report.baseCurrency ? 0 : 1)
            }
            .map { total in
                let base = report.baseCurrency
                return Amount(
                    text: t(.reportClaims, ["amount": PageFormat.money(total.total), "count": t.number(total.claims)]),
                    note: base == nil || total.total.currency == base
                        ? t(.reportClaimed) : t(.reportNotConverted, ["base": base?.code ?? ""]))
            })
    }
}
