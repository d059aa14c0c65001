import Application
import Foundation

/// Charts drawn as inline SVG with presentation attributes only (the page CSP allows no inline
/// styles or scripts). Every label is escaped here, because charts are inserted unescaped.
enum SVGChart {
    struct Segment {
        let value: Int
        let colour: String
    }

    static let green = "#1a7f37", yellow = "#9a6700", red = "#cf222e", grey = "#8c959f", blue = "#0b5cad"

    /// Stacked vertical bars, one per day, with a legend.
    static func stackedDays(_ days: [(label: String, segments: [Segment])], legend: [(String, String)]) -> String {
        let width = 720
        let height = 220
        let top = 10
        let bottom = 40
        let left = 30
        let maximum = max(1, days.map { $0.segments.reduce(0) { $0 + $1.value } }.max() ?? 1)
        let slot = Double(width - left) / Double(max(days.count, 1))
        let barWidth = max(2, slot * 0.7)
        let plot = Double(height - top - bottom)
        var svg = ##"<svg class="chart" viewBox="0 0 \##(width) \##(height)" role="img" aria-label="Verdicts by day">"##
        svg += ##"<text x="0" y="\##(top + 10)" font-size="11" fill="#5e6a78">\##(maximum)</text>"##
        svg +=
            ##"<line x1="\##(left)" y1="\##(height - bottom)" x2="\##(width)" y2="\##(height - bottom)" stroke="#dde3ea"/>"##
        for (index, day) in days.enumerated() {
            let x = Double(left) + Double(index) * slot + (slot - barWidth) / 2
            var y = Double(height - bottom)
            for segment in day.segments where segment.value > 0 {
                let h = plot * Double(segment.value) / Double(maximum)
                y -= h
                svg +=
                    ##"<rect x="\##(format(x))" y="\##(format(y))" width="\##(format(barWidth))" height="\##(format(h))" fill="\##(segment.colour)"><title>\##(escape(day.label)): \##(segment.value)</title></rect>"##
            }
            let every = max(1, days.count / 8)
            if index % every == 0 {
                svg +=
                    ##"<text x="\##(format(x))" y="\##(height - bottom + 14)" font-size="10" fill="#5e6a78">\##(escape(String(day.label.suffix(5))))</text>"##
            }
        }
        for (index, entry) in legend.enumerated() {
            let x = left + index * 110
            svg +=
                ##"<rect x="\##(x)" y="\##(height - 14)" width="10" height="10" fill="\##(entry.1)"/><text x="\##(x + 14)" y="\##(height - 5)" font-size="11" fill="#1d232b">\##(escape(entry.0))</text>"##
        }
        return svg + "</svg>"
    }

    /// Horizontal bars with a label and a value text each.
    static func bars(_ rows: [(label: String, value: Double, text: String, colour: String)], ariaLabel: String)
        -> String
    {
        guard !rows.isEmpty else { return "" }
        let rowHeight = 24
        let width = 480
        let labelWidth = 190
        let height = rows.count * rowHeight + 4
        let maximum = max(rows.map(\.value).max() ?? 1, 0.000001)
        var svg =
            ##"<svg class="chart" viewBox="0 0 \##(width) \##(height)" role="img" aria-label="\##(escape(ariaLabel))">"##
        for (index, row) in rows.enumerated() {
            let y = index * rowHeight + 4
            let barWidth = Double(width - labelWidth - 70) * row.value / maximum
            svg +=
                ##"<text x="0" y="\##(y + 14)" font-size="12" fill="#1d232b">\##(escape(String(row.label.prefix(28))))</text>"##
            svg +=
                ##"<rect x="\##(labelWidth)" y="\##(y + 3)" width="\##(format(max(barWidth, 1)))" height="14" fill="\##(row.colour)"/>"##
            svg +=
                ##"<text x="\##(format(Double(labelWidth) + max(barWidth, 1) + 6))" y="\##(y + 14)" font-size="12" fill="#5e6a78">\##(escape(row.text))</text>"##
        }
        return svg + "</svg>"
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
