/// Comparison of secrets (signatures, tokens, nonces) in time that does not depend on where, or
/// whether, they differ: lengths are compared without an early exit too.
public enum ConstantTime {
    public static func equal(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            difference |= (index < left.count ? left[index] : 0) ^ (index < right.count ? right[index] : 0)
        }
        return difference == 0
    }
}
