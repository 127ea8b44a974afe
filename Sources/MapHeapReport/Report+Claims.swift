// The report's first section: the articles' claims, each settled by a rule from this run's rows.
import MapHeapModel

extension _Report {
    /// The title of the claims section (README's "What mapheap finds" is copied from it).
    static let claimsTitle = "The claims, settled"

    /// The claims section: a verdict per claim and generation, then each claim's rule and figures.
    mutating func claimsSection() {
        heading(Self.claimsTitle)
        guard let claims else {
            text("No claims file was read, so no claim is settled here: run mapheap from the repository "
                 + "(it reads \(ClaimsFile.defaultPath)) or pass --claims FILE.")
            return
        }
        // Several releases measured: a column per release (Claims+Versions.swift).
        let tables = ClaimTables(allResults)
        let settled = claims.perRelease(tables)
        lines += settled.renderSection(settled.evaluate(tables))
    }
}
