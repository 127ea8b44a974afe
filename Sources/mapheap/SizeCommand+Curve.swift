// `mapheap size --curve MAX`: map bytes against entries, 0 to MAX, per Go version, as CSV and as an
// SVG step chart (both generations in one chart, growths marked). Every point is computed from the
// rules at the counts where growths happen (MapRules.curvePoints); nothing is inserted.
import Foundation
import MapCore
import MapHeapModel

/// The curve of one request.
struct SizeCurve {
    var request: SizeRequest
    var releases: [SizeRelease]
    var maximum: Int
    var hint: Int

    /// One point of one version's curve.
    struct Point {
        var entries: Int
        var bytes: RuleFigure
        /// A growth starts with this entry's insert.
        var growth: Bool
    }

    /// Each version's points, in order of entries.
    func series() -> [(SizeRelease, [Point])] {
        releases.map { release in
            let generation = release.generation
            var points: [Point] = []
            let geometry = request.geometry(release)
            for n in MapRules.curvePoints(generation: generation, maximum: maximum,
                                          loadFactorNum: geometry.loadFactorNum) {
                let bytes = MapRules.mapBytes(geometry, generation: generation, entries: n, hint: hint)
                // A growth starts where a growth count is fixed by the rules and the bytes step up.
                var grows = false
                if n > 0 && MapRules.isGrowthPoint(generation: generation, entries: n,
                                                   loadFactorNum: geometry.loadFactorNum) {
                    let before = points.last?.entries == n - 1 ? points.last?.bytes
                        : MapRules.mapBytes(geometry, generation: generation, entries: n - 1, hint: hint)
                    grows = before.map { bytes.expected > $0.expected } ?? false
                }
                points.append(Point(entries: n, bytes: bytes, growth: grows))
            }
            return (release, points)
        }
    }

    /// Writes size-curve.csv and size-curve.svg into `directory`; returns their paths.
    func write(to directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let all = series()
        var csv = "go,generation,entries,map_bytes,map_bytes_min,map_bytes_max,exact,growth\n"
        for (release, points) in all {
            for p in points {
                csv += "\(release.version),\(release.generation.rawValue),\(p.entries),\(p.bytes.value),"
                    + "\(p.bytes.min),\(p.bytes.max),\(p.bytes.isExact),\(p.growth)\n"
            }
        }
        let csvPath = (directory as NSString).appendingPathComponent("size-curve.csv")
        let svgPath = (directory as NSString).appendingPathComponent("size-curve.svg")
        try csv.write(toFile: csvPath, atomically: true, encoding: .utf8)
        try svg(all).write(toFile: svgPath, atomically: true, encoding: .utf8)
        return [csvPath, svgPath]
    }

    /// The step chart: expected bytes as a step line, the range as a band, growths as dots.
    func svg(_ all: [(SizeRelease, [Point])]) -> String {
        let width = 900.0, height = 440.0, left = 90.0, right = 30.0, top = 40.0, bottom = 60.0
        let plotW = width - left - right, plotH = height - top - bottom
        let maxBytes = Double(all.flatMap { $0.1.map(\.bytes.max) }.max() ?? 1)
        let yTop = Swift.max(maxBytes * 1.05, 1)
        func x(_ n: Int) -> Double { left + plotW * Double(n) / Double(Swift.max(maximum, 1)) }
        func y(_ b: Double) -> Double { top + plotH * (1 - b / yTop) }
        func f(_ v: Double) -> String { _Format.fixed(v, 1) }
        let colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"]
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(left))" y="22" font-size="14">\(escape(request.text)): Go's map bytes against entries \
            (\(hint == 0 ? "unsized" : "hint " + _Format.int(hint)); from the rules; dots: growths)</text>

            """
        for i in 0...4 {
            let b = yTop * Double(i) / 4, n = Int(Double(maximum) * Double(i) / 4)
            out += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(y(b)))\" y2=\"\(f(y(b)))\" "
                + "stroke=\"#ddd\"/>\n"
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(y(b) + 4))\" text-anchor=\"end\">"
                + _Format.fixed(b / _Format.bytesPerMiB, 1) + " MiB</text>\n"
            out += "<text x=\"\(f(x(n)))\" y=\"\(f(top + plotH + 18))\" text-anchor=\"middle\">"
                + _Format.int(n) + "</text>\n"
        }
        out += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 16))\" text-anchor=\"middle\">entries</text>\n"
        for (index, (release, points)) in all.enumerated() {
            let color = colors[index % colors.count]
            func steps(_ value: (Point) -> Double) -> String {
                var d = ""
                for (i, p) in points.enumerated() {
                    d += i == 0 ? "M\(f(x(p.entries))),\(f(y(value(p))))" : " H\(f(x(p.entries))) V\(f(y(value(p))))"
                }
                return d + " H\(f(x(maximum)))"
            }
            if points.contains(where: { !$0.bytes.isExact }) {
                // The range: the max steps forward, the min steps back.
                var band = steps { Double($0.bytes.max) }
                for p in points.reversed() { band += " L\(f(x(p.entries))),\(f(y(Double(p.bytes.min))))" }
                out += "<path d=\"\(band) Z\" fill=\"\(color)\" fill-opacity=\"0.15\" stroke=\"none\"/>\n"
            }
            out += "<path d=\"\(steps { $0.bytes.expected })\" fill=\"none\" stroke=\"\(color)\" "
                + "stroke-width=\"1.5\"/>\n"
            for p in points where p.growth {
                out += "<circle cx=\"\(f(x(p.entries)))\" cy=\"\(f(y(p.bytes.expected)))\" r=\"3\" "
                    + "fill=\"\(color)\"/>\n"
            }
            let ly = top + 14 + Double(index) * 16
            out += "<rect x=\"\(f(left + 10))\" y=\"\(f(ly - 9))\" width=\"12\" height=\"3\" fill=\"\(color)\"/>"
                + "<text x=\"\(f(left + 28))\" y=\"\(f(ly - 4))\">"
                + "Go \(release.version) (\(release.generation.rawValue))"
                + "</text>\n"
        }
        return out + "</svg>\n"
    }

    func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
