import Foundation
import Testing

@testable import Adapters

@Suite("Anthropic answers read into extractions")
struct AnthropicResponseTests {
    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }

    @Test("Every day from 1900 to 2100 reads as Calendar's noon UTC of that day")
    func daysMatchCalendar() throws {
        var day = try #require(Self.calendar.date(from: DateComponents(year: 1900, month: 1, day: 1, hour: 12)))
        var checked = 0
        while Self.calendar.component(.year, from: day) <= 2100 {
            let parts = Self.calendar.dateComponents([.year, .month, .day], from: day)
            let text = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
            #expect(AnthropicResponse.date(text) == day, "\(text)")
            day = day.addingTimeInterval(86400)
            checked += 1
        }
        #expect(checked == 73_414)
    }

    @Test("A day the month lacks, or any other shape than YYYY-MM-DD, is no date")
    func malformedDays() {
        #expect(AnthropicResponse.date("2024-02-29") != nil)
        for text in [
            "2023-02-29", "2100-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
            "2026-1-05", "+2026-1-05", "2026/01/05", " 2026-01-05", "2026-01-05 ", "20260105", "0000-01-01",
            "２０２６-01-05", "", "2026-01-0x",
        ] {
            #expect(AnthropicResponse.date(text) == nil, "\(text)")
        }
    }
}
