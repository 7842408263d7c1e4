import LabData
import LabML

/// `model NAME rules`: a tree's splits as scikit-learn's export_text writes them, so a learner
/// can read what the tree decides and hold it next to the same tree in Python.
enum ModelRules {
    static func hasRules(_ m: TrainedModel) -> Bool {
        switch m.fitted {
        case .tree, .forest: return true
        default: return false
        }
    }

    static func output(_ m: TrainedModel, _ args: Arguments) throws -> CommandOutput {
        let tree: CARTTree, title: String
        switch m.fitted {
        case .tree(let t):
            tree = t.tree
            title = "rules of tree '\(m.name)'"
        case .forest(let f):
            let k = args.int("tree") ?? 1
            guard k <= f.trees.count else {
                throw DataError("forest '\(m.name)' has \(f.trees.count) trees, no tree \(k)", hint: "tree= takes 1 to \(f.trees.count)")
            }
            tree = f.trees[k - 1]
            title = "rules of tree \(k) of \(f.trees.count) of forest '\(m.name)'\(f.bootstrap ? " (grown on a bootstrap sample of the rows)" : "")"
        default:
            throw DataError("rules are the splits of a tree: '\(m.name)' is a \(m.kind.rawValue) model",
                            hint: "`model \(m.name)` shows what it learned; train tree or forest to read rules")
        }
        let depth = args.int("depth") ?? 10
        let text = TreeRules.text(tree, featureNames: m.features, classNames: m.classes, maxDepth: depth,
                                  decimals: args.int("decimals") ?? 2)
        var notes = ["\(title): depth \(tree.depth), \(tree.leafCount) leaves"]
        notes.append(m.classes != nil
            ? "a row goes left when its value is <= the threshold; a leaf names the class most of its training rows had (`predict` adds the probabilities)"
            : "a row goes left when its value is <= the threshold; a leaf's value is the mean \(m.target) of its training rows")
        if tree.threshold.contains(.greatestFiniteMagnitude) {
            notes.append("`<= inf` sends the rows that have a value left and the rows missing it right")
        }
        if text.contains("truncated branch") {
            notes.append("deeper branches are summed up as `truncated branch`: depth=\(tree.depth) shows every level")
        }
        return .group([.text(notes[0]), .text(text.hasSuffix("\n") ? String(text.dropLast()) : text),
                       .text(notes.dropFirst().joined(separator: "\n"))])
    }
}
