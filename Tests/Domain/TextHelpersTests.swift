import Domain
import Foundation
import Testing

@Suite("Hex text and whitespace trimming")
struct TextHelpersTests {
    @Test("Hex is two lowercase digits a byte, as String(format: %02x) writes them")
    func hex() {
        let bytes = (0...255).map(UInt8.init)
        #expect(Hex.lowercase(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
        #expect(Hex.lowercase([UInt8]()) == "")
        #expect(Hex.lowercase([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
    }

    @Test("Trimming removes exactly what Foundation's whitespace sets remove, at both ends only")
    func trimmingMatchesFoundation() {
        let samples = [
            "", " ", "\t", "  12.50 ", "\u{3000}北京\u{3000}", "\u{A0}SGD\u{A0}", "\n INV-1 \r\n", "\u{2028}x\u{2029}",
            "\u{85}a b\u{85}", "\u{0B}\u{0C}v\u{0B}", " \u{301}é ", "a", "a \t b", "\u{200B}zero-width\u{200B}",
            "\u{1680}\u{2000}\u{200A}\u{202F}\u{205F}mid\u{205F}", "🚕 ", " \u{FEFF}",
        ]
        for sample in samples {
            #expect(
                sample.trimmingWhitespace() == sample.trimmingCharacters(in: .whitespaces), "\(sample.debugDescription)"
            )
            #expect(
                sample.trimmingWhitespaceAndNewlines() == sample.trimmingCharacters(in: .whitespacesAndNewlines),
                "\(sample.debugDescription)")
        }
        #expect(Substring("  x  ").trimmingWhitespace() == "x")
    }

    @Test("Every scalar of the Basic Multilingual Plane is trimmed as Foundation's sets say")
    func everyScalarAgrees() {
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(scalar) + "x" + String(scalar)
            #expect(
                text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces), "U+\(String(value, radix: 16))")
            #expect(
                text.trimmingWhitespaceAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines),
                "U+\(String(value, radix: 16))")
        }
    }
}
