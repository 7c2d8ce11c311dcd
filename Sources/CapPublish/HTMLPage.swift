import CapBase

/// What every page cap writes starts with, up to its own style sheet: the
/// report and the interactive map are each one self-contained page.
enum HTMLPage {
    /// The document type, the head's charset, viewport and escaped title,
    /// and an open `<style>` element for the page's own rules.
    static func open(title: String, language: PublishLanguage = .en, into out: inout TextBuffer) {
        out.append(literal: "<!DOCTYPE html>\n<html lang=\"")
        out.append(language.rawValue)
        out.append(literal: """
            ">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>
            """)
        out.appendHTML(title)
        out.append(literal: "</title>\n<style>\n")
    }
}
