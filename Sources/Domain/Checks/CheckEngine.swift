/// The deterministic five-dimension check. No model decides anything here: every finding comes
/// from the input's facts and names them as evidence.
public struct CheckEngine: Sendable {
    /// At least this many earlier claims are needed before an amount is compared with the norm.
    public static let minimumHistory = 5

    public init() {}

    public func findings(for input: CheckInput) -> [Finding] {
        AmountCheck().findings(input) + DateCheck().findings(input) + InvoiceCheck().findings(input)
            + PolicyCheck().findings(input) + MemoryCheck().findings(input)
    }

    /// Text for a line of a multi-line claim ("line 2: "), empty for a single line.
    static func prefix(_ index: Int, of count: Int) -> String {
        count > 1 ? "Line \(index + 1): " : ""
    }
}
