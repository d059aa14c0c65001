import Adapters
public import Domain
import Foundation
import Ports

/// What the fuzzers feed with arbitrary bytes: the parsers that read what other parties send.
/// Each must return or refuse, never crash; where a parser has an inverse, the round trip must
/// hold too (a violation stops the process, which the fuzzer records as a finding).
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A Lark push: signature, AES-CBC decryption, the envelope and the event.
    case push
    /// An approval instance's form JSON and the claim read out of it.
    case form
    /// Lark's answer with an approval instance (envelope, instance, its form and tasks).
    case instance
    /// An Anthropic Messages answer and the extraction mapped from it.
    case ai
    /// Amounts, currency codes and Lark's times.
    case money

    public func run(_ bytes: [UInt8]) {
        switch self {
        case .push: _ = Self.openPush(bytes)
        case .form: Self.form(bytes)
        case .instance: Self.instance(bytes)
        case .ai: Self.ai(bytes)
        case .money: Self.money(bytes)
        }
    }

    static let keys = LarkPushKeys(encryptKey: Secret("fuzz-encrypt-key"), verificationToken: Secret("fuzz-token"))
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let crypto = LarkPushCrypto(clock: FixedClock(date: now))

    /// The first byte picks how far in the rest goes: a raw signed body, a plaintext the harness
    /// encrypts and signs (so the envelope and event parsers see every input), or unsigned.
    public static func openPush(_ bytes: [UInt8]) -> LarkPush? {
        guard let mode = bytes.first else { return nil }
        let rest = Data(bytes.dropFirst())
        let body: Data
        if mode & 1 == 1 {
            let sealed = LarkPushCrypto.encrypt(
                rest, encryptKey: "fuzz-encrypt-key", iv: Array(repeating: 7, count: 16))
            body = Data(#"{"encrypt":"\#(sealed)"}"#.utf8)
        } else {
            body = rest
        }
        let timestamp = String(Int(now.timeIntervalSince1970))
        let signed = mode & 2 == 0
        let request = LarkPushRequest(
            body: body, timestamp: signed ? timestamp : nil, nonce: signed ? "fuzz-nonce" : nil,
            signature: signed
                ? LarkPushCrypto.signature(
                    timestamp: timestamp, nonce: "fuzz-nonce", key: "fuzz-encrypt-key", body: body)
                : nil)
        return try? crypto.open(request, keys: keys)
    }

    static let mapping = FormFieldMapping(
        amount: "amount", currency: "currency", date: "date", category: "category", vendor: "vendor",
        description: "note", attachments: "files", detailTable: "lines", defaultCurrency: CurrencyCode("SGD"))

    static func form(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let fields = try? LarkFormField.parseForm(text) else { return }
        _ = ClaimReader(mapping: mapping).read(fields)
        _ = ClaimReader(mapping: FormFieldMapping(amount: "amount", vendor: "vendor")).read(fields)
    }

    static func instance(_ bytes: [UInt8]) {
        guard let instance = try? CurlLarkGateway.instance(answer: Data(bytes), instanceCode: "fuzz") else { return }
        _ = ClaimReader(mapping: mapping).read(instance.form)
    }

    /// The answer as sent, and the bytes as the text block of an otherwise well-formed answer.
    static func ai(_ bytes: [UInt8]) {
        _ = try? AnthropicResponse.extraction(from: Data(bytes), contentHash: "fuzz", requestID: nil)
        let message: [String: Any] = [
            "stop_reason": "end_turn", "content": [["type": "text", "text": String(decoding: bytes, as: UTF8.self)]],
        ]
        if let wrapped = try? JSONSerialization.data(withJSONObject: message) {
            _ = try? AnthropicResponse.extraction(from: wrapped, contentHash: "fuzz", requestID: nil)
        }
    }

    static let currencies = ["SGD", "JPY", "KWD", "CNY"].compactMap(CurrencyCode.init)

    static func money(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        for currency in currencies {
            guard let amount = Money(decimal: text, currency: currency) else { continue }
            guard Money(decimal: amount.decimalText, currency: currency) == amount,
                Money(described: amount.description) == amount
            else { preconditionFailure("Money does not read back its own text: \(amount.minorUnits) \(currency.code)") }
        }
        _ = Money(described: text)
        _ = CurrencyCode(text)
        _ = LarkTime.date(text)
        _ = LarkTime.date(Int(text))
        _ = LarkTime.date(Double(text))
    }
}

/// The fuzzers' clock: pushes are signed at this time.
struct FixedClock: WallClock {
    let date: Date
    func now() -> Date { date }
}
