public import Domain
public import Foundation
import Ports

/// Where and as whom to send mail: `KOPI_SMTP_URL` (`smtp://` or `smtps://`, optional
/// `user:password@`) and `KOPI_MAIL_FROM`.
public struct SMTPConfiguration: Sendable {
    public let url: URL
    public let from: EmailAddress
    public var timeout: Duration

    public init?(url text: String, from: EmailAddress, timeout: Duration = .seconds(30)) {
        guard let url = URL(string: text), ["smtp", "smtps"].contains(url.scheme ?? ""), url.host != nil else {
            return nil
        }
        self.url = url
        self.from = from
        self.timeout = timeout
    }

    /// The URL without credentials, for libcurl and logs.
    var endpoint: String {
        "\(url.scheme!)://\(url.host!)" + (url.port.map { ":\($0)" } ?? "")
    }

    var isLoopback: Bool {
        let host = url.host ?? ""
        return host == "localhost" || host.hasPrefix("127.") || host == "::1"
    }
}

/// An RFC 5322 message with CRLF line endings. Header values lose any CR or LF, so a subject
/// cannot smuggle headers; non-ASCII subjects are RFC 2047 encoded.
enum SMTPEnvelope {
    static func render(_ message: MailMessage, from: EmailAddress, date: Date, messageID: String) -> Data {
        func clean(_ text: String) -> String {
            text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        }
        let subject = clean(message.subject)
        let encodedSubject =
            subject.allSatisfy(\.isASCII) ? subject : "=?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?="
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let headers = [
            "Date: \(formatter.string(from: date))", "From: Kopi <\(from.value)>", "To: <\(message.to.value)>",
            "Subject: \(encodedSubject)",
            "Message-ID: <\(messageID)@\(from.value.split(separator: "@").last ?? "kopi")>",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
        ]
        // libcurl applies SMTP transparency (RFC 5321 4.5.2, the extra "." on lines starting with
        // one) itself while uploading, so the body goes as written, with CRLF line endings.
        let body = message.body.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .map(String.init)
        return Data((headers + [""] + body).joined(separator: "\r\n").utf8 + Array("\r\n".utf8))
    }
}
