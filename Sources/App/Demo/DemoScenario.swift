import Foundation

/// The demo's flows and claims: recurring vendors that teach memory, and claims that trip each
/// kind of check (over a cap, prohibited vendor, duplicate invoice, total mismatch, missing
/// invoice, weekend, stale date, an outlier amount, a dinner in US dollars over the SGD cap).
enum DemoScenario {
    // Lark-shaped ids, the same in every run: an open id is ou_ + 32 hex, a definition code an
    // upper-case UUID, so the demo meets the same limits as a real tenant.
    static let approver = DemoIDs.stable(.openID, "demo-finance")
    static let applicants = ["mei", "arjun", "sofia", "tan"].map { DemoIDs.stable(.openID, "demo-\($0)") }
    static let travel = DemoIDs.stable(.uuid, "demo-travel")
    static let meals = DemoIDs.stable(.uuid, "demo-meals")
    static let office = DemoIDs.stable(.uuid, "demo-office")

    struct Flow {
        let code: String
        let name: String
        let table: Bool
    }

    static let flows = [
        Flow(code: travel, name: "Travel & transport", table: false),
        Flow(code: meals, name: "Meals & entertainment", table: false),
        Flow(code: office, name: "Office & equipment", table: true),
    ]

    struct Claim {
        let flow: String
        let vendor: String
        let category: String
        let amount: String
        let daysAgo: Int
        /// Days between the expense and the submission.
        var spentDaysBefore = 1
        /// The invoice's total when it differs from the claim; nil invoice total means no file.
        var invoiceTotal: String?? = .none
        var note = ""
        /// Reuses the invoice file of an earlier claim (a duplicate invoice).
        var duplicateOf: Int?
        /// The claim's currency; the workspace's base is SGD.
        var currency = "SGD"
    }

    /// Older claims first; the first `taught` are decided by the seeder so memory has learned.
    static let claims: [Claim] = [
        Claim(flow: travel, vendor: "Grab", category: "transport", amount: "18.40", daysAgo: 27),
        Claim(flow: travel, vendor: "Grab", category: "transport", amount: "22.10", daysAgo: 26),
        Claim(
            flow: meals, vendor: "Din Tai Fung", category: "meals", amount: "64.20", daysAgo: 25, note: "Client lunch"),
        Claim(flow: travel, vendor: "ComfortDelGro", category: "transport", amount: "31.50", daysAgo: 24),
        Claim(
            flow: office, vendor: "Lazada", category: "supplies", amount: "56.90", daysAgo: 23, note: "Printer paper"),
        Claim(flow: travel, vendor: "Grab", category: "transport", amount: "19.80", daysAgo: 22),
        Claim(flow: meals, vendor: "Starbucks", category: "meals", amount: "12.60", daysAgo: 21),
        Claim(flow: travel, vendor: "Grab", category: "transport", amount: "24.30", daysAgo: 20),
        Claim(flow: meals, vendor: "Din Tai Fung", category: "meals", amount: "58.00", daysAgo: 19, note: "Team lunch"),
        Claim(flow: office, vendor: "Courts", category: "equipment", amount: "429.00", daysAgo: 18, note: "Monitor"),
        Claim(flow: travel, vendor: "ComfortDelGro", category: "transport", amount: "28.70", daysAgo: 17),
        Claim(flow: meals, vendor: "Starbucks", category: "meals", amount: "14.20", daysAgo: 16),
        Claim(flow: travel, vendor: "Grab", category: "transport", amount: "21.60", daysAgo: 15),
        Claim(
            flow: meals, vendor: "Marina Bay Casino", category: "entertainment", amount: "250.00", daysAgo: 14,
            note: "Client evening"),
        Claim(flow: office, vendor: "Lazada", category: "supplies", amount: "61.30", daysAgo: 13, note: "Toner"),
        Claim(flow: travel, vendor: "Grab", category: "transport", amount: "18.90", daysAgo: 12),
        Claim(flow: meals, vendor: "Din Tai Fung", category: "meals", amount: "62.50", daysAgo: 11),
        Claim(flow: travel, vendor: "ComfortDelGro", category: "transport", amount: "33.40", daysAgo: 10),
        Claim(flow: meals, vendor: "Starbucks", category: "meals", amount: "13.40", daysAgo: 9),
        Claim(flow: travel, vendor: "Grab", category: "transport", amount: "23.00", daysAgo: 8),
        // Pending for the visitor to decide in the simulated inbox.
        Claim(flow: travel, vendor: "Grab", category: "transport", amount: "21.20", daysAgo: 6),
        Claim(
            flow: meals, vendor: "Din Tai Fung", category: "meals", amount: "145.00", daysAgo: 6,
            note: "Dinner over the meals cap"),
        Claim(
            flow: travel, vendor: "Grab", category: "transport", amount: "186.00", daysAgo: 5,
            note: "Unusually large ride"),
        Claim(
            flow: meals, vendor: "Starbucks", category: "meals", amount: "48.00", daysAgo: 5, invoiceTotal: "42.00",
            note: "Claim differs from invoice"),
        Claim(
            flow: travel, vendor: "ComfortDelGro", category: "transport", amount: "29.40", daysAgo: 4,
            invoiceTotal: .some(nil), note: "No invoice attached"),
        Claim(
            flow: travel, vendor: "Grab", category: "transport", amount: "23.00", daysAgo: 3,
            note: "Same invoice as an earlier claim", duplicateOf: 19),
        Claim(
            flow: office, vendor: "Courts", category: "equipment", amount: "389.00", daysAgo: 3, spentDaysBefore: 75,
            note: "Submitted long after purchase"),
        Claim(
            flow: meals, vendor: "House of Prime Rib", category: "meals", amount: "95.00", daysAgo: 2,
            note: "Client dinner in San Francisco", currency: "USD"),
        Claim(flow: office, vendor: "Lazada", category: "supplies", amount: "58.40", daysAgo: 1, note: "Stationery"),
        Claim(flow: travel, vendor: "Grab", category: "transport", amount: "19.60", daysAgo: 1),
    ]

    static let taught = 20

    /// The manual rate the demo's admin sets, so the US dollar claim converts without the feed.
    static let usdToSGD = "1.3450"
}
