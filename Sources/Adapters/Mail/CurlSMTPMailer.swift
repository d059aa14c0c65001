import Domain
import Foundation
import KopiCCurl
public import Ports

/// Sends mail over SMTP with libcurl: STARTTLS required unless the server is on loopback,
/// `smtps://` for implicit TLS, credentials from the URL. The body is never logged.
public final class CurlSMTPMailer: Mailer {
    private let configuration: SMTPConfiguration
    private let executor = BlockingExecutor(threads: 2)
    private let randomness: any Randomness
    private let clock: any WallClock

    public init(configuration: SMTPConfiguration, randomness: any Randomness, clock: any WallClock) {
        _ = CurlHTTPClient.globalInitialised
        self.configuration = configuration
        self.randomness = randomness
        self.clock = clock
    }

    public func send(_ message: MailMessage) async throws {
        let payload = SMTPEnvelope.render(
            message, from: configuration.from, date: clock.now(), messageID: randomness.uuid().uuidString)
        let configuration = self.configuration
        let code = try await executor.run { Self.perform(payload, to: message.to, configuration: configuration) }
        guard code == CURLE_OK.rawValue else { throw MailError(curlCode: Int(code)) }
    }

    /// One SMTP transaction. Blocks: runs on the mailer's own threads.
    private static func perform(_ payload: Data, to recipient: EmailAddress, configuration: SMTPConfiguration) -> UInt32
    {
        guard let handle = curl_easy_init() else { return CURLE_FAILED_INIT.rawValue }
        defer { curl_easy_cleanup(handle) }
        let source = PayloadSource(payload)
        let recipients = curl_slist_append(nil, "<\(recipient.value)>")
        defer { curl_slist_free_all(recipients) }
        let milliseconds = Int(configuration.timeout.components.seconds) * 1000
        _ = kopi_curl_setopt_string(handle, CURLOPT_URL, configuration.endpoint)
        _ = kopi_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        _ = kopi_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = kopi_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds)
        _ = kopi_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(milliseconds, 10_000))
        _ = kopi_curl_setopt_long(
            handle, CURLOPT_USE_SSL, Int(configuration.isLoopback ? CURLUSESSL_NONE.rawValue : CURLUSESSL_ALL.rawValue))
        if let user = configuration.url.user {
            _ = kopi_curl_setopt_string(handle, CURLOPT_USERNAME, user.removingPercentEncoding ?? user)
        }
        if let password = configuration.url.password {
            _ = kopi_curl_setopt_string(handle, CURLOPT_PASSWORD, password.removingPercentEncoding ?? password)
        }
        _ = kopi_curl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(configuration.from.value)>")
        _ = kopi_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients)
        _ = kopi_curl_setopt_long(handle, CURLOPT_UPLOAD, 1)
        _ = kopi_curl_setopt_read_callback(handle, CURLOPT_READFUNCTION, PayloadSource.read)
        _ = kopi_curl_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(source).toOpaque())
        let code = withExtendedLifetime(source) { curl_easy_perform(handle) }
        return code.rawValue
    }
}

/// The message bytes libcurl reads while uploading, through an unretained pointer that lives as
/// long as `perform`.
private final class PayloadSource {
    let bytes: [UInt8]
    var offset = 0

    init(_ data: Data) { bytes = Array(data) }

    static let read: curl_read_callback = { buffer, size, count, userdata in
        let source = Unmanaged<PayloadSource>.fromOpaque(userdata!).takeUnretainedValue()
        let room = size * count
        let remaining = source.bytes.count - source.offset
        let chunk = min(room, remaining)
        guard chunk > 0, let buffer else { return 0 }
        source.bytes.withUnsafeBufferPointer { pointer in
            UnsafeMutableRawPointer(buffer).copyMemory(from: pointer.baseAddress! + source.offset, byteCount: chunk)
        }
        source.offset += chunk
        return chunk
    }
}
