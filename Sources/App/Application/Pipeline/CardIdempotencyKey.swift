import Crypto
public import Domain

/// Lark's message `uuid` for a card: at most 50 characters ("最大长度 50 字符"), stable for one
/// tenant, instance and task, so a retried send within Lark's one-hour window returns the same
/// message. Real ids do not fit raw (a 36-character instance code and a 19-digit task id), so
/// the key is `kopi-` and 40 hex characters of a SHA-256 over all three. Beyond Lark's hour,
/// Kopi's own record of sent cards is the guard.
public enum CardIdempotencyKey {
    public static func make(tenant: TenantID, instanceCode: String, taskID: String) -> String {
        let digest = SHA256.hash(data: Array("kopi/card/v1|\(tenant)|\(instanceCode)|\(taskID)".utf8))
        return "kopi-" + Hex.lowercase(digest.prefix(20))
    }
}
