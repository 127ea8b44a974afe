// The one number formatter: MiB, raw bytes, percentages, ratios, seconds, for the report, the
// chart, compare, claims, `mapheap run`'s lines and the suite's error messages.
//
// Everything here is locale-independent (a report must read the same on every machine):
// "." for decimals, "," between thousands.

import Foundation

/// Formatting of measured figures for report.txt and heap-curves.svg.
package enum _Format {
    /// Bytes in one MiB.
    package static let bytesPerMiB = 1_048_576.0

    /// An integer with thousands separators: `12,345,678`.
    package static func int(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// A fixed-point number with `digits` decimals, locale-independent: `3.14`.
    package static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "inf" : "-inf") }
        let text = String(format: "%.\(digits)f", value)
        // "-0.00" says nothing that "0.00" does not.
        if text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
            return String(text.dropFirst())
        }
        return text
    }

    /// Bytes as MiB with 2 decimals, no unit: `23.84`.
    package static func mib(_ bytes: Int) -> String {
        fixed(Double(bytes) / bytesPerMiB, 2)
    }

    /// Bytes as MiB with 2 decimals and an explicit sign: `+1.50`, `-0.25`.
    package static func signedMiB(_ bytes: Int) -> String {
        let text = mib(bytes)
        return bytes > 0 && text != "0.00" ? "+" + text : text
    }


    /// `part / whole` as a percentage with one decimal: `33.3%`; `n/a` when `whole` is 0.
    package static func percent(_ part: Double, of whole: Double) -> String {
        guard whole != 0 else { return "n/a" }
        return fixed(part / whole * 100, 1) + "%"
    }

    /// `numerator / denominator` as a ratio with 2 decimals: `1.27x`; `n/a` when the denominator is 0.
    package static func ratio(_ numerator: Double, _ denominator: Double) -> String {
        guard denominator != 0 else { return "n/a" }
        return fixed(numerator / denominator, 2) + "x"
    }

    /// A count of keys for an axis label: `0`, `500k`, `2M`, `1.5M`.
    package static func axisCount(_ value: Double) -> String {
        let magnitude = abs(value)
        let (scaled, suffix): (Double, String) =
            magnitude >= 1e9 ? (value / 1e9, "G") : magnitude >= 1e6 ? (value / 1e6, "M")
            : magnitude >= 1e3 ? (value / 1e3, "k") : (value, "")
        return trimmed(scaled) + suffix
    }

    /// A tick value without needless decimals: `0`, `2.5`, `0.25`.
    package static func trimmed(_ value: Double) -> String {
        var text = fixed(value, 3)
        while text.contains(".") && (text.hasSuffix("0") || text.hasSuffix(".")) {
            text.removeLast()
        }
        return text
    }

    /// Seconds with two decimals and the unit: `1.23 s`.
    package static func seconds(_ value: Double) -> String {
        fixed(value, 2) + " s"
    }

    /// Bytes as a short figure with binary units: `512 B`, `1.5 GiB`.
    package static func humanBytes(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(bytes)
        var unit = 0
        while abs(value) >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let rounded = (value * 10).rounded() / 10
        return "\(rounded) \(units[unit])"
    }

    /// A double for a table: up to 6 significant digits (`+` in front when `signed` and positive).
    package static func real(_ value: Double, signed: Bool = false) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? (signed ? "+inf" : "inf") : "-inf" }
        return String(format: signed ? "%+.6g" : "%.6g", value)
    }
}
