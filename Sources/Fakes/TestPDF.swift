import Foundation

/// A small, valid PDF with one page of text in Helvetica (ASCII only), built as a PDF writer
/// would: objects, a cross-reference table with their offsets, a trailer. For tests of what
/// reads PDFs, and for policies uploaded in tests.
public enum TestPDF {
    public static func make(lines: [String]) -> [UInt8] {
        let escaped = lines.map {
            $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(")
                .replacingOccurrences(of: ")", with: "\\)")
        }
        var stream = "BT /F1 11 Tf 14 TL 50 780 Td\n"
        for line in escaped { stream += "(\(line)) Tj T*\n" }
        stream += "ET"
        return build([
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
        ])
    }

    /// A page without any text, as a scan without a text layer reads.
    public static func blank() -> [UInt8] {
        build([
            "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ])
    }

    static func build(_ objects: [String]) -> [UInt8] {
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { out += String(format: "%010d 00000 n \n", offset) }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(out.utf8)
    }
}
