/// The words reports, timelines and maps write of their own, one table per
/// language (`en`, `fr`, `es`). Names from the data come from its
/// `translation` records; country, language and month names from the
/// generated tables (`PublishLanguage`). A label that takes a number or a
/// name is a function, so that each language orders its own words.
public struct Labels: Sendable {
    // Reports.
    var annualReport: @Sendable (Int) -> String
    var report: String
    var activities: String
    var noActivities: String
    var monthNotRecorded: String
    var statistics: String
    var campaigns: String
    var laws: String
    var publications: String
    var editors: String
    var noDifferences: String
    var counts: @Sendable (String) -> String
    var online: String
    var joins: @Sendable (String) -> String
    /// The differences from the published figures, with advice that fits
    /// their direction: name, published, counted, gap.
    var moreCounted: @Sendable (String, Int, Int, Int) -> String
    var fewerCounted: @Sendable (String, Int, Int, Int) -> String
    var counted: String
    /// The built-in statistics by their English names: name, singular, what
    /// it counts.
    var statisticNames: [String: (plural: String, singular: String, counts: String)]
    // Timelines.
    public var timeline: String
    var lawStages: [String: String]
    /// A kind's timeline label (the prelude's `timeline "{title} adopted"`)
    /// in the language, with the same placeholders; a label not here is
    /// written in English, with the names in its placeholders translated.
    var entryLabels: [String: String] = [:]
    /// `entryLabels`, with a law's stages ("{jurisdiction}: {title} passed")
    /// and a member's joining ("{name} joins the coalition") in the
    /// language, as the prelude words them.
    var timelineLabels: [String: String] {
        var out = entryLabels
        for (english, translated) in lawStages { out["{jurisdiction}: {title} \(english)"] = "{jurisdiction}: {title} \(translated)" }
        out["{name} joins the coalition"] = joins("{name}")
        return out
    }
    var details: [String: String]
    // Maps.
    var mapTitle: String
    var mapSubtitle: String
    var asOf: @Sendable (String) -> String
    var source: @Sendable (String, String) -> String
    var mapCredit: String
    var mapCreditHTML: String
    var inset: String
    var notDrawn: String
    var noLaw: String
    var noLawLabel: String
    var models: [String: String]
    var bill: @Sendable (String) -> String
    var statusTexts: [String: String]
    var since: @Sendable (String) -> String
    var adoptedOn: @Sendable (String) -> String
    var year: String
    var pointAt: String
    var lawsRecorded: String
    var columns: (country: String, category: String, status: String)

    public static let en = Labels(
        annualReport: { "Annual Report \($0)" }, report: "Report", activities: "Activities",
        noActivities: "No activities of the coalition are recorded for the period.",
        monthNotRecorded: "month not recorded", statistics: "Statistics", campaigns: "Campaigns", laws: "Laws",
        publications: "Publications", editors: "For the editors: figures to check",
        noDifferences: "Every published figure agrees with the data.", counts: { "Counts \($0)." },
        online: "online", joins: { "\($0) joins the coalition" },
        moreCounted: { "\($0): the report gives \($1), the data counts \($2) (\($3) more). "
            + "Check that each one counted is the coalition's own and in the period, or correct the published figure." },
        fewerCounted: { "\($0): the report gives \($1), the data counts \($2) (\($3) fewer). "
            + "Record the missing activities, or correct the published figure." },
        counted: "Counted",
        statisticNames: [:],
        timeline: "Timeline", lawStages: [:], details: [:],
        mapTitle: "Laws on prostitution", mapSubtitle: "The abolitionist (Nordic/Equality) model and others",
        asOf: { "as of \($0)" }, source: { "Source: \($0), as of \($1)" },
        mapCredit: " · Map: Natural Earth, Equal Earth projection",
        mapCreditHTML: ". Map: Natural Earth (public domain), Equal Earth projection. Other countries: no law recorded.",
        inset: "Europe and the Middle East", notDrawn: "Too small or not separate at this scale: ",
        noLaw: "no law recorded", noLawLabel: "No law recorded", models: [:],
        bill: { "\($0) bill approved, not yet passed" }, statusTexts: [:],
        since: { " since \($0)" }, adoptedOn: { " (adopted \($0))" }, year: "Year",
        pointAt: "Point at, tap or tab to a country for its law.", lawsRecorded: "Laws recorded",
        columns: ("Country or territory", "Category", "Status"))

    public static let fr = Labels(
        annualReport: { "Rapport annuel \($0)" }, report: "Rapport", activities: "Activités",
        noActivities: "Aucune activité de la coalition n’est enregistrée pour la période.",
        monthNotRecorded: "mois non précisé", statistics: "Statistiques", campaigns: "Campagnes", laws: "Lois",
        publications: "Publications", editors: "Pour la rédaction : chiffres à vérifier",
        noDifferences: "Chaque chiffre publié concorde avec les données.", counts: { "Compte \($0)." },
        online: "en ligne", joins: { "\($0) rejoint la coalition" },
        moreCounted: { "\($0) : le rapport indique \($1), les données en comptent \($2) (\($3) de plus). "
            + "Vérifiez que chacun relève bien de la coalition et de la période, ou corrigez le chiffre publié." },
        fewerCounted: { "\($0) : le rapport indique \($1), les données en comptent \($2) (\($3) de moins). "
            + "Enregistrez les activités manquantes, ou corrigez le chiffre publié." },
        counted: "Comptés",
        statisticNames: [
            "country visits": ("visites de pays", "visite de pays", "les pays des activités de la coalition tenues en présentiel"),
            "advocacy meetings with top officials": ("rencontres de plaidoyer avec de hauts responsables",
                "rencontre de plaidoyer avec de hauts responsables",
                "les activités de la coalition où elle a rencontré un ministre, un chef d’État ou un autre responsable (hors parlementaires)"),
            "advocacy meetings with Members of Parliament": ("rencontres de plaidoyer avec des parlementaires",
                "rencontre de plaidoyer avec des parlementaires",
                "les activités de la coalition où elle a rencontré un parlementaire, ou étiquetées parlementaires"),
            "statements and keynote presentations": ("déclarations et interventions", "déclaration ou intervention",
                "les déclarations de la coalition, et ses activités de type présentation"),
            "new members": ("nouveaux membres", "nouveau membre", "les membres dont la date d’adhésion tombe dans la période"),
            "Board meetings": ("réunions du conseil d’administration", "réunion du conseil d’administration",
                "les activités de la coalition de type board_meeting"),
        ],
        timeline: "Chronologie",
        lawStages: ["bill introduced": "proposition déposée", "approved by the government": "approuvée par le gouvernement",
                    "passed": "adoptée", "enters into force": "entre en vigueur", "repealed": "abrogée",
                    "announced": "annoncée", "promulgated": "promulguée", "enters into force in part": "entre en vigueur en partie",
                    "amended": "modifiée"],
        entryLabels: ["{title} adopted": "{title} : adoption",
                      "{title} enters into force": "{title} : entrée en vigueur",
                      "{state} signs the {instrument}": "{state} signe : {instrument}",
                      "{state} ratifies the {instrument}": "{state} ratifie : {instrument}",
                      "{instrument} enters into force for {state}": "{instrument} : entrée en vigueur ({state})"],
        details: ["Co-sponsors": "Coparrains", "Partners": "Partenaires", "Languages": "Langues"],
        mapTitle: "Les lois sur la prostitution", mapSubtitle: "Le modèle abolitionniste (nordique) et les autres",
        asOf: { "au \($0)" }, source: { "Source : \($0), au \($1)" },
        mapCredit: " · Carte : Natural Earth, projection Equal Earth",
        mapCreditHTML: ". Carte : Natural Earth (domaine public), projection Equal Earth. Autres pays : aucune loi enregistrée.",
        inset: "Europe et Moyen-Orient", notDrawn: "Trop petits ou non séparés à cette échelle : ",
        noLaw: "aucune loi enregistrée", noLawLabel: "Aucune loi enregistrée",
        models: ["abolitionist": "Abolitionniste", "prohibitionist": "Prohibitionniste", "legalised": "Réglementariste",
                 "decriminalised": "Dépénalisé", "partial": "Partiel"],
        bill: { "Projet de loi \($0.lowercased()) approuvé, pas encore adopté" },
        statusTexts: ["in force": "en vigueur", "adopted, not yet in force": "adoptée, pas encore en vigueur",
                      "adopted (date in force not recorded)": "adoptée (date d’entrée en vigueur non enregistrée)",
                      "bill approved by government": "projet approuvé par le gouvernement", "bill introduced": "proposition déposée",
                      "in force in part": "en vigueur en partie", "amended": "modifiée le"],
        since: { " depuis le \($0)" }, adoptedOn: { " (adoptée le \($0))" }, year: "Année",
        pointAt: "Pointez, touchez ou atteignez un pays au clavier pour voir sa loi.", lawsRecorded: "Lois enregistrées",
        columns: ("Pays ou territoire", "Catégorie", "Statut"))

    public static let es = Labels(
        annualReport: { "Informe anual \($0)" }, report: "Informe", activities: "Actividades",
        noActivities: "No hay actividades de la coalición registradas en el período.",
        monthNotRecorded: "mes no registrado", statistics: "Estadísticas", campaigns: "Campañas", laws: "Leyes",
        publications: "Publicaciones", editors: "Para la redacción: cifras que verificar",
        noDifferences: "Todas las cifras publicadas coinciden con los datos.", counts: { "Cuenta \($0)." },
        online: "en línea", joins: { "\($0) se une a la coalición" },
        moreCounted: { "\($0): el informe indica \($1), los datos cuentan \($2) (\($3) más). "
            + "Compruebe que cada una es de la coalición y del período, o corrija la cifra publicada." },
        fewerCounted: { "\($0): el informe indica \($1), los datos cuentan \($2) (\($3) menos). "
            + "Registre las actividades que faltan, o corrija la cifra publicada." },
        counted: "Contadas",
        statisticNames: [
            "country visits": ("visitas a países", "visita a un país", "los países de las actividades presenciales de la coalición"),
            "advocacy meetings with top officials": ("reuniones de incidencia con altos cargos",
                "reunión de incidencia con altos cargos",
                "las actividades de la coalición en que se reunió con un ministro, jefe de Estado u otro alto cargo (no parlamentario)"),
            "advocacy meetings with Members of Parliament": ("reuniones de incidencia con parlamentarios",
                "reunión de incidencia con parlamentarios",
                "las actividades de la coalición en que se reunió con un parlamentario, o etiquetadas parlamentarios"),
            "statements and keynote presentations": ("declaraciones y ponencias", "declaración o ponencia",
                "las declaraciones de la coalición, y sus actividades de tipo presentación"),
            "new members": ("nuevos miembros", "nuevo miembro", "los miembros cuya fecha de adhesión cae en el período"),
            "Board meetings": ("reuniones de la Junta Directiva", "reunión de la Junta Directiva",
                "las actividades de la coalición de tipo board_meeting"),
        ],
        timeline: "Cronología",
        lawStages: ["bill introduced": "proyecto presentado", "approved by the government": "aprobada por el gobierno",
                    "passed": "aprobada", "enters into force": "entra en vigor", "repealed": "derogada",
                    "announced": "anunciada", "promulgated": "promulgada", "enters into force in part": "entra en vigor en parte",
                    "amended": "modificada"],
        entryLabels: ["{title} adopted": "{title}: adopción",
                      "{title} enters into force": "{title}: entrada en vigor",
                      "{state} signs the {instrument}": "{state} firma: {instrument}",
                      "{state} ratifies the {instrument}": "{state} ratifica: {instrument}",
                      "{instrument} enters into force for {state}": "{instrument}: entrada en vigor ({state})"],
        details: ["Co-sponsors": "Copatrocinadores", "Partners": "Socios", "Languages": "Idiomas"],
        mapTitle: "Las leyes sobre la prostitución", mapSubtitle: "El modelo abolicionista (nórdico) y los demás",
        asOf: { "a \($0)" }, source: { "Fuente: \($0), a \($1)" },
        mapCredit: " · Mapa: Natural Earth, proyección Equal Earth",
        mapCreditHTML: ". Mapa: Natural Earth (dominio público), proyección Equal Earth. Otros países: ninguna ley registrada.",
        inset: "Europa y Oriente Medio", notDrawn: "Demasiado pequeños o no separados a esta escala: ",
        noLaw: "ninguna ley registrada", noLawLabel: "Ninguna ley registrada",
        models: ["abolitionist": "Abolicionista", "prohibitionist": "Prohibicionista", "legalised": "Reglamentarista",
                 "decriminalised": "Despenalizado", "partial": "Parcial"],
        bill: { "Proyecto de ley \($0.lowercased()) aprobado, aún no votado" },
        statusTexts: ["in force": "en vigor", "adopted, not yet in force": "aprobada, aún no en vigor",
                      "adopted (date in force not recorded)": "aprobada (fecha de entrada en vigor no registrada)",
                      "bill approved by government": "proyecto aprobado por el gobierno", "bill introduced": "proyecto presentado",
                      "in force in part": "en vigor en parte", "amended": "modificada el"],
        since: { " desde el \($0)" }, adoptedOn: { " (aprobada el \($0))" }, year: "Año",
        pointAt: "Señale, toque o tabule hasta un país para ver su ley.", lawsRecorded: "Leyes registradas",
        columns: ("País o territorio", "Categoría", "Situación"))

    /// A statistic's name in this language, by its English one; a name the
    /// table does not know (a report's own) stays as written.
    func statisticName(_ english: String, count: Int) -> String {
        guard let t = statisticNames[english] else {
            return count == 1 ? Report.singulars[english] ?? english : english
        }
        return count == 1 ? t.singular : t.plural
    }

    /// What a built-in statistic counts, in this language; nil keeps the
    /// English text.
    func statisticCounts(_ english: String) -> String? { statisticNames[english]?.counts }

    /// A model's legend label ("Abolitionist"); nil keeps the English one.
    func model(_ word: String) -> String? { models[word] }
}
