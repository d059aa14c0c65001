import Domain
import Foundation
import Testing

@testable import Application

/// A finding's sentence in each language, from its code and evidence; the stored English
/// sentence when the evidence is too old to say more.
@Suite("Finding sentences")
struct FindingTextTests {
    static func money(_ text: String, _ code: String = "SGD") -> Money {
        Money(decimal: text, currency: CurrencyCode(code)!)!
    }

    /// One finding of every code, with the evidence the check gives it.
    static let samples: [Finding] = Finding.Code.allCases.map { code in
        var e = Finding.Evidence()
        switch code {
        case .amountAboveNorm, .amountFarAboveNorm:
            e.claimed = money("480.00")
            e.median = money("60.00")
            e.history = 12
            e.category = "meals"
        case .amountNotConverted:
            e.claimed = money("6000", "JPY")
            e.rateDay = "2026-11-20"
        case .dateStale: e.ageDays = 120
        case .dateInvoiceMismatch:
            e.expenseDate = "2026-11-20"
            e.invoiceDate = "2026-10-02"
        case .dateMonthEndBulk: e.lines = 4
        case .invoiceUnreadable:
            e.file = "scan.heic"
            e.outcome = "unsupported_type"
        case .invoiceCurrencyMismatch:
            e.claimed = money("120.50")
            e.invoiceCurrency = "USD"
        case .invoiceClaimExceedsTotal, .invoiceClaimBelowTotal:
            e.claimed = money("120.50")
            e.invoiceTotal = money("98.00")
        case .invoiceVendorMismatch:
            e.claimedVendor = "grab"
            e.invoiceVendor = "comfortdelgro"
        case .invoiceDuplicate:
            e.otherInstance = "A1B2C3D4-0000-0000-0000-000000000001"
            e.match = "same_file"
        case .invoicePossibleDuplicate:
            e.otherInstance = "A1B2C3D4-0000-0000-0000-000000000002"
            e.otherAmount = money("118.00")
            e.vendor = "grab"
        case .policyCapExceeded:
            e.claimed = money("120.50")
            e.cap = money("50.00", "USD")
            e.converted = money("90.38", "USD")
            e.rateDay = "2026-11-20"
            e.category = "meals"
        case .policyDailyCapExceeded:
            e.claimed = money("96.00")
            e.cap = money("80.00")
            e.category = "meals"
            e.expenseDate = "2026-11-20"
            e.lines = 2
        case .policyProhibitedVendor, .policyUnapprovedVendor: e.vendor = "marina bay casino"
        case .policyCategoryMismatch:
            e.claimedCategory = "transport"
            e.invoiceCategory = "meals"
        case .memoryKnownPattern, .memoryLearnedRejection:
            e.approvals = 7
            e.rejections = 9
            e.vendor = "grab"
            e.category = "transport"
        case .amountUnreadable, .dateFuture, .dateWeekend, .invoiceMissing, .invoiceNotVerified,
            .invoiceTotalUnreadable:
            break
        }
        return Finding(code, severity: .yellow, message: "ENGLISH-FROM-THE-CHECK", evidence: e)
    }

    @Test("Every code is written in Chinese from its evidence, with its figures formatted the Chinese way")
    func chinese() {
        let text = FindingText(Localizer(.chinese))
        for finding in Self.samples {
            let sentence = text.sentence(finding)
            #expect(sentence != finding.message, "\(finding.code.rawValue) fell back to English")
            #expect(sentence.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(sentence)")
            #expect(!sentence.contains("{"), "\(sentence) has an unfilled placeholder")
        }
        let cap = Self.samples.first { $0.code == .policyCapExceeded }!
        #expect(
            text.sentence(cap) == "SGD 120.50（按 2026年11月20日 汇率折合 USD 90.38）超过了 meals 的上限 USD 50.00。")
    }

    @Test(
        "In English every code but the unreadable form is written from its evidence; older evidence keeps the check's sentence"
    )
    func english() {
        let text = FindingText(Localizer(.english))
        for finding in Self.samples where finding.code != .amountUnreadable {
            #expect(text.sentence(finding) != finding.message, "\(finding.code.rawValue)")
        }
        let norm = Self.samples.first { $0.code == .amountFarAboveNorm }!
        #expect(text.sentence(norm) == "480.00 SGD is 8.0× the usual 60.00 SGD for meals (12 earlier claims).")
        let lined = Finding(.dateWeekend, severity: .yellow, message: "x", evidence: .line(1, of: 3))
        #expect(text.sentence(lined) == "Line 2: The expense is dated on a weekend.")
        #expect(FindingText(Localizer(.chinese)).sentence(lined) == "第 2 行：费用日期在周末。")
        let old = Finding(.policyCapExceeded, severity: .red, message: "Stored before evidence had a cap.")
        #expect(text.sentence(old) == "Stored before evidence had a cap.")
    }
}
