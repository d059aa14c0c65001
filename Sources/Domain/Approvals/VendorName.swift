/// Normalises vendor names so "ACME Pte. Ltd." and "acme pte ltd" are one vendor.
public enum VendorName {
    private static let suffixes: Set<String> = [
        "ltd", "limited", "inc", "incorporated", "llc", "co", "corp", "corporation", "pte", "gmbh", "sa",
        "plc", "bv", "ag", "company",
    ]

    /// Lower-cased, punctuation removed, whitespace collapsed, legal-form suffixes dropped.
    public static func normalise(_ name: String) -> String {
        let cleaned = name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " }
        var words = String(cleaned).split(separator: " ").map(String.init)
        while let last = words.last, words.count > 1, suffixes.contains(last) { words.removeLast() }
        return words.joined(separator: " ")
    }
}
