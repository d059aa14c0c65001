import Foundation

/// A language Kopi writes in: cards, toasts, the comments it posts, e-mails and the dashboard.
/// The raw value is the BCP 47 tag Kopi stores and puts in `<html lang>`.
public enum Language: String, Hashable, Sendable, Codable, CaseIterable {
    case english = "en"
    /// Simplified Chinese, as written in mainland China and Singapore.
    case chinese = "zh-CN"

    /// A workspace that has not chosen writes in its platform's language: Feishu is used in
    /// mainland China, Lark elsewhere.
    public static func workspaceDefault(for domain: LarkDomain) -> Language {
        domain == .feishu ? .chinese : .english
    }

    /// Reads a language tag leniently: any Chinese tag (`zh`, `zh-Hans`, `zh-SG`, `zh_CN`…) is
    /// Chinese, any English one English; anything else is not a language Kopi writes.
    public init?(tag: String) {
        let primary = tag.trimmingWhitespace().lowercased()
            .split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init)
        switch primary {
        case "zh": self = .chinese
        case "en": self = .english
        default: return nil
        }
    }

    /// The language a browser prefers most among Kopi's, from an `Accept-Language` header
    /// (RFC 9110 §12.5.4): by weight, then by order; `q=0` refuses a language. Nil when none fits.
    public static func preferred(acceptLanguage header: String?) -> Language? {
        guard let header, header.utf8.count <= 1024 else { return nil }
        var best: (language: Language, weight: Double, index: Int)?
        for (index, item) in header.split(separator: ",").prefix(32).enumerated() {
            let parts = item.split(separator: ";")
            guard let tag = parts.first, let language = Language(tag: String(tag)) else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0].trimmingWhitespace().lowercased() == "q" {
                    weight = Double(pair[1].trimmingWhitespace()) ?? 0
                }
            }
            guard weight > 0 else { continue }
            if best == nil || weight > best!.weight { best = (language, weight, index) }
        }
        return best?.language
    }
}
