// `go_env`: the Go runtime settings a suite gives the Go peer (GOGC, GOMEMLIMIT, ...). The peer runs
// under a controlled environment (GoToolchains, MapHeapRun): none of these reach it from the user's
// shell, only from the suite, so a figure never changes without the suite saying so. A suite may set
// `go_env` for all its `go` workloads and a workload for itself; a workload's keys win.

extension Suite {
    /// The variables `go_env` may set, in the order rows and reports list them.
    public static let goEnvironmentKeys = ["GOGC", "GOMEMLIMIT", "GOMAXPROCS", "GODEBUG"]

    /// Reads `go_env` of `object` (the suite or a workload): an object of `goEnvironmentKeys` whose
    /// values are strings the Go runtime accepts; empty when absent.
    static func _decodeGoEnvironment(in object: _ConfigObject) throws(ConfigError) -> [String: String] {
        guard let raw = object.raw("go_env") else { return [:] }
        let env = try _ConfigObject(raw, file: object.file, path: object.fieldPath("go_env"),
                                    allowed: goEnvironmentKeys)
        var found: [String: String] = [:]
        for key in goEnvironmentKeys {
            guard let value = env.raw(key) else { continue }
            guard case .string(let text) = value else {
                throw env.error(key, "expected a string, found \(value.foundDescription)",
                                "write the value as a string, e.g. \"\(goEnvironmentExample[key] ?? "")\"")
            }
            if let problem = goEnvironmentProblem(key: key, value: text) {
                throw env.error(key, problem, "write e.g. \"\(goEnvironmentExample[key] ?? "")\"")
            }
            found[key] = text
        }
        return found
    }

    /// One valid value of each key, for the fix of an error.
    static let goEnvironmentExample = ["GOGC": "50", "GOMEMLIMIT": "1GiB", "GOMAXPROCS": "2",
                                       "GODEBUG": "madvdontneed=1"]

    /// Why `value` is not a value of `key` the Go runtime accepts, or nil when it is one:
    /// GOGC a non-negative integer or `off`; GOMEMLIMIT a byte count with an optional unit
    /// (B, KiB, MiB, GiB, TiB) or `off`; GOMAXPROCS a positive integer; GODEBUG `name=value`
    /// settings joined by commas.
    public static func goEnvironmentProblem(key: String, value: String) -> String? {
        let shown = "\"\(value.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? String($0) : "?" }.joined())\""
        func digits(_ text: Substring) -> Bool {
            !text.isEmpty && text.count <= 18 && text.allSatisfy { $0 >= "0" && $0 <= "9" }
        }
        switch key {
        case "GOGC":
            return value == "off" || digits(value[...]) ? nil : "\(shown) is not a GOGC (a percentage or off)"
        case "GOMEMLIMIT":
            if value == "off" { return nil }
            let units = ["TiB", "GiB", "MiB", "KiB", "B"]
            let number = units.first { value.hasSuffix($0) }.map { value.dropLast($0.count) } ?? value[...]
            return digits(number) ? nil : "\(shown) is not a GOMEMLIMIT (bytes, with B, KiB, MiB, GiB or TiB, or off)"
        case "GOMAXPROCS":
            return digits(value[...]) && Int(value).map { $0 > 0 } == true
                ? nil : "\(shown) is not a GOMAXPROCS (a positive integer)"
        case "GODEBUG":
            let settings = value.split(separator: ",", omittingEmptySubsequences: false)
            let valid = settings.allSatisfy { setting in
                let parts = setting.split(separator: "=", omittingEmptySubsequences: false)
                return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && parts.allSatisfy { part in
                    part.unicodeScalars.allSatisfy { scalar in
                        switch scalar {
                        case "a"..."z", "A"..."Z", "0"..."9", "_", ".", "-": return true
                        default: return false
                        }
                    }
                }
            }
            return valid ? nil : "\(shown) is not a GODEBUG (name=value settings joined by commas)"
        default:
            return "\(key) is not a variable go_env sets"
        }
    }

    /// `env` as one field: `KEY=value` in `goEnvironmentKeys` order, joined by `;` (empty when none).
    /// The summary column `go_env` and the report show it.
    public static func goEnvironmentText(_ env: [String: String]) -> String {
        goEnvironmentKeys.compactMap { key in env[key].map { "\(key)=\($0)" } }.joined(separator: ";")
    }
}
