#!/usr/bin/env Rscript
# Exports Natural Earth country shapes into Sources/CapPublish/Generated/WorldShapes.swift,
# the world map that MapSVG draws. Run once, by hand, from the package root:
#
#     apt-get install -y r-cran-rnaturalearthdata     # pulls r-base-core, r-cran-sp
#     Rscript Scripts/export-natural-earth.R
#
# The project needs neither R nor this script to build or run: the output is a
# plain Swift file of string literals, committed like ISOData.swift.
#
# Provenance
#   Source:  Debian package r-cran-rnaturalearthdata (version printed into the
#            output; exported with 0.1.0-2), the CRAN package rnaturalearthdata
#            0.1.0 by Andy South (CC0), which embeds Natural Earth vector data
#            (public domain, naturalearthdata.com). The package does not record
#            the Natural Earth release; its attribute schema (no ne_id or
#            wikidataid fields) is that of the Natural Earth 1.x-3.x releases
#            current when it was packaged in February 2017.
#   Layers:  countries110 (Admin 0 - Countries, 1:110m) for every country it has;
#            map_units110 (Admin 0 - Map Units, 1:110m) for Northern Ireland;
#            countries50 (Admin 0 - Countries, 1:50m) only for ISO countries
#            that the 1:110m layer leaves out (small states and islands).
#   Keys:    ISO 3166-1 alpha-3 as listed in Sources/CapSchema/Generated/ISOData.swift
#            (iso-codes), taken from iso_a3, else from adm0_a3 when that is an ISO
#            code. Kosovo (iso_a3 -99/NA, adm0_a3 KOS) is keyed XKX, the code the
#            project uses. N. Cyprus (CYN) is merged into CYP and Somaliland (SOL)
#            into SOM, as ISO has no code for them. Northern Ireland is keyed
#            GB-NIR (ISO 3166-2) and its ring is removed from GBR, so GBR is
#            Great Britain (England, Scotland, Wales) only.
#            Features with no ISO country (Ashmore and Cartier, Indian Ocean
#            Territories, Siachen Glacier) are left out.
#   Projection: Equal Earth (Savric, Patterson & Jenny 2018), an equal-area
#            projection, so areas on the choropleth compare honestly. Computed
#            here so Cap needs no trigonometry: coordinates are stored already
#            projected, in tenths of an SVG unit, on a map 1000 units wide
#            (x 0…1000 west to east, y 0…HEIGHT north to south; y grows down).
#   Simplification: coordinates rounded to 0.1 unit (about 0.04 degree of
#            longitude), repeated points dropped, then Douglas-Peucker with
#            tolerance TOL110 (1:110m) or TOL50 (1:50m fallbacks) in tenths of a
#            unit; rings that fall under 3 points or MIN_AREA50 square units are
#            dropped, except a shape's largest ring, which is always kept.
#   Winding: Natural Earth (sp) rings run clockwise in lon/lat for outer rings.
#            The y flip would make them counter-clockwise on screen, so every
#            outer ring is rewritten clockwise ON SCREEN and every hole
#            counter-clockwise. The SVG can then use the default fill-rule
#            nonzero (holes stay holes, and a clockwise marker circle added over
#            a tiny island unions with it instead of cutting it out).
#
# Output format: one line per shape, "KEY|ring;ring;…", where a ring is
# "x,y dx,dy dx,dy …": the first point absolute, each next one relative to the
# one before, integers in tenths of a unit, the closing point left out.

suppressMessages(library(sp))

TOL110 <- 2      # tenths of a unit: 0.2 unit, a fifth of a pixel at 1000 px
TOL50 <- 3
MIN_AREA50 <- 0.5  # square units
WIDTH <- 1000
OUT <- "Sources/CapPublish/Generated/WorldShapes.swift"

for (n in c("countries110", "map_units110", "countries50")) data(list = n, package = "rnaturalearthdata")

version <- system2("dpkg-query", c("-W", "-f='${Version}'", "r-cran-rnaturalearthdata"), stdout = TRUE)

# --- ISO alpha-3 codes the project knows -------------------------------------
iso_lines <- readLines("Sources/CapSchema/Generated/ISOData.swift", encoding = "UTF-8")
iso_rows <- regmatches(iso_lines, regexpr("^ *[A-Z]{2}\\|[A-Z]{3}\\|[0-9]{3}\\|", iso_lines))
iso_a3 <- sub("^ *[A-Z]{2}\\|([A-Z]{3})\\|.*$", "\\1", iso_rows)
stopifnot(length(iso_a3) == 249)
iso_a3 <- c(iso_a3, "XKX")
renamed <- c(KOS = "XKX", CYN = "CYP", SOL = "SOM")

key_of <- function(d) {
  k <- ifelse(!is.na(d$iso_a3) & d$iso_a3 %in% iso_a3, as.character(d$iso_a3), NA)
  adm <- as.character(d$adm0_a3)
  k <- ifelse(is.na(k) & adm %in% names(renamed), renamed[adm], k)
  k <- ifelse(is.na(k) & adm %in% iso_a3, adm, k)
  unname(k)
}

# --- Equal Earth --------------------------------------------------------------
A1 <- 1.340264; A2 <- -0.081106; A3 <- 0.000893; A4 <- 0.003796; M <- sqrt(3) / 2
ee <- function(lon, lat) {
  lam <- lon * pi / 180; th <- asin(M * sin(lat * pi / 180))
  t2 <- th^2; t6 <- t2^3
  list(x = lam * cos(th) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2))),
       y = th * (A1 + A2 * t2 + t6 * (A3 + A4 * t2)))
}
XMAX <- ee(180, 0)$x; YMAX <- ee(0, 90)$y
SCALE <- (WIDTH / 2) / XMAX
HEIGHT <- round(2 * YMAX * SCALE, 1)
project <- function(lon, lat) {   # to integer tenths of an SVG unit
  p <- ee(lon, lat)
  cbind(round(10 * (WIDTH / 2 + SCALE * p$x)), round(10 * (HEIGHT / 2 - SCALE * p$y)))
}

# --- Ring helpers (matrices of integer tenths, open: no closing point) --------
dedupe <- function(m) {
  if (nrow(m) < 2) return(m)
  keep <- c(TRUE, rowSums(abs(m[-1, , drop = FALSE] - m[-nrow(m), , drop = FALSE])) > 0)
  m <- m[keep, , drop = FALSE]
  if (nrow(m) > 1 && all(m[1, ] == m[nrow(m), ])) m <- m[-nrow(m), , drop = FALSE]
  m
}
area2 <- function(m) {  # twice the signed area, screen coordinates (y down): > 0 clockwise
  if (nrow(m) < 3) return(0)
  x <- m[, 1]; y <- m[, 2]; n <- nrow(m); j <- c(2:n, 1)
  sum(x * y[j] - x[j] * y)
}
douglas_peucker <- function(m, tol) {
  n <- nrow(m)
  if (n <= 3 || tol <= 0) return(m)
  # A closed ring: split at the point farthest from the first, simplify both halves.
  d0 <- (m[, 1] - m[1, 1])^2 + (m[, 2] - m[1, 2])^2
  far <- which.max(d0)
  keep <- rep(FALSE, n); keep[c(1, far)] <- TRUE
  stack <- list(c(1, far), c(far, n + 1))
  pt <- function(i) m[((i - 1) %% n) + 1, ]
  while (length(stack) > 0) {
    s <- stack[[length(stack)]]; stack[[length(stack)]] <- NULL
    a <- s[1]; b <- s[2]
    if (b - a < 2) next
    pa <- pt(a); pb <- pt(b); idx <- (a + 1):(b - 1)
    pts <- t(sapply(idx, pt))
    dx <- pb[1] - pa[1]; dy <- pb[2] - pa[2]; len <- sqrt(dx^2 + dy^2)
    d <- if (len == 0) sqrt((pts[, 1] - pa[1])^2 + (pts[, 2] - pa[2])^2)
         else abs(dy * pts[, 1] - dx * pts[, 2] + pb[1] * pa[2] - pb[2] * pa[1]) / len
    i <- which.max(d)
    if (d[i] > tol) {
      k <- idx[i]; keep[((k - 1) %% n) + 1] <- TRUE
      stack[[length(stack) + 1]] <- c(a, k); stack[[length(stack) + 1]] <- c(k, b)
    }
  }
  m[keep, , drop = FALSE]
}
encode <- function(m) {
  d <- rbind(m[1, ], m[-1, , drop = FALSE] - m[-nrow(m), , drop = FALSE])
  paste(paste0(d[, 1], ",", d[, 2]), collapse = " ")
}

# rings: list of list(coords = lon/lat matrix, hole = logical)
rings_of <- function(layer, i) lapply(layer@polygons[[i]]@Polygons, function(p) list(coords = p@coords, hole = p@hole))

# Projects, simplifies and orients a shape's rings; returns encoded strings.
shape_rings <- function(rings, tol, min_area) {
  out <- list(); areas <- c()
  for (r in rings) {
    m <- dedupe(project(r$coords[, 1], r$coords[, 2]))
    m <- dedupe(douglas_peucker(m, tol))
    a <- area2(m)
    if ((a > 0) == r$hole && a != 0) { m <- m[nrow(m):1, , drop = FALSE]; a <- -a }
    out[[length(out) + 1]] <- m; areas <- c(areas, abs(a) / 2 / 100)
  }
  largest <- which.max(areas)
  keep <- sapply(seq_along(out), function(i) i == largest || (nrow(out[[i]]) >= 3 && areas[i] >= min_area))
  # Largest first, then by position, so the output does not depend on sp's order.
  o <- seq_along(out)[keep]
  o <- o[order(-areas[o], sapply(out[o], function(m) m[1, 1]), sapply(out[o], function(m) m[1, 2]))]
  vapply(out[o], encode, "")
}

shapes <- list()     # key -> list of raw rings
sources <- list()
add <- function(key, rings, src) {
  shapes[[key]] <<- c(shapes[[key]], rings)
  sources[[key]] <<- unique(c(sources[[key]], src))
}

# 1:110m countries
k110 <- key_of(countries110@data)
for (i in seq_along(k110)) if (!is.na(k110[i])) add(k110[i], rings_of(countries110, i), "countries110")
dropped110 <- as.character(countries110@data$name[is.na(k110)])

# Northern Ireland from the 1:110m map units, and out of GBR.
nir <- which(map_units110@data$su_a3 == "NIR")
stopifnot(length(nir) == 1)
nir_rings <- rings_of(map_units110, nir)
# The same ring in both layers, though it may start at another point.
ring_key <- function(r) { u <- unique(round(r$coords, 6)); paste(sort(paste(u[, 1], u[, 2])), collapse = ";") }
same <- function(a, b) ring_key(a) == ring_key(b)
before <- length(shapes[["GBR"]])
shapes[["GBR"]] <- Filter(function(r) !any(sapply(nir_rings, function(n) same(r, n))), shapes[["GBR"]])
stopifnot(length(shapes[["GBR"]]) == before - length(nir_rings))
add("GB-NIR", nir_rings, "map_units110")

# 1:50m countries, only where 1:110m has nothing
k50 <- key_of(countries50@data)
have110 <- names(shapes)
added50 <- c()
for (i in seq_along(k50)) {
  k <- k50[i]
  if (is.na(k) || k %in% have110) next
  add(k, rings_of(countries50, i), "countries50")
  added50 <- c(added50, k)
}
added50 <- sort(unique(added50))
dropped50 <- as.character(countries50@data$name[is.na(k50)])

keys <- sort(names(shapes))
lines110 <- c(); lines50 <- c(); total_points <- 0
for (k in keys) {
  is50 <- "countries50" %in% sources[[k]]
  enc <- shape_rings(shapes[[k]], if (is50) TOL50 else TOL110, if (is50) MIN_AREA50 else 0)
  total_points <- total_points + sum(sapply(strsplit(enc, " "), length))
  line <- paste0("    ", k, "|", paste(enc, collapse = ";"))
  if (is50) lines50 <- c(lines50, line) else lines110 <- c(lines110, line)
}

# The outline of the whole earth (the map's edge): the meridians ±180.
lat <- seq(-90, 90, by = 2)
edge <- rbind(project(rep(180, length(lat)), rev(lat)), project(rep(-180, length(lat)), lat))
edge <- dedupe(edge)
if (area2(edge) < 0) edge <- edge[nrow(edge):1, ]

missing <- setdiff(iso_a3, keys)
today <- format(Sys.Date(), "%Y-%m-%d")
wrap <- function(prefix, words) {
  out <- c(); line <- prefix
  for (w in words) {
    if (nchar(line) + nchar(w) + 1 > 80) { out <- c(out, line); line <- "//    " }
    line <- paste0(line, if (grepl(" $", line)) "" else " ", w)
  }
  c(out, line)
}
header <- c(
  "// Generated by Scripts/export-natural-earth.R. Do not edit by hand: re-run",
  "// the script instead (it needs R and the Debian package below; Cap does not).",
  "//",
  paste0("// Source: Debian package r-cran-rnaturalearthdata ", version, " (CRAN rnaturalearthdata"),
  "// 0.1.0, CC0), Natural Earth vector data, public domain (naturalearthdata.com).",
  "// The package does not record the Natural Earth release (its schema is that of",
  "// the 1.x-3.x releases of early 2017).",
  "// Layers: countries110 (Admin 0 - Countries, 1:110m); map_units110 (Admin 0 -",
  "// Map Units, 1:110m) for GB-NIR, whose ring is taken out of GBR; countries50",
  "// (1:50m) only for ISO countries missing at 1:110m.",
  paste0("// Exported ", today, ": ", length(keys), " shapes, ", total_points, " points."),
  "//",
  "// Keys: ISO 3166-1 alpha-3 (iso_a3, else adm0_a3), XKX for Kosovo, GB-NIR for",
  "// Northern Ireland. N. Cyprus is merged into CYP and Somaliland into SOM.",
  wrap("// Left out (no ISO country):", paste0(sort(unique(c(dropped110, dropped50))), c(rep(";", length(unique(c(dropped110, dropped50))) - 1), "."))),
  wrap("// From 1:50m:", added50),
  wrap("// No shape of their own (inside another country's shape, or absent):", sort(missing)),
  "//",
  "// Projection: Equal Earth, precomputed, so Cap needs no trigonometry. Points",
  paste0("// are integers in tenths of an SVG unit on a map ", WIDTH, " x ", HEIGHT, " units, x east,"),
  "// y south (down). Simplification: rounded to 0.1 unit, then Douglas-Peucker",
  paste0("// at ", TOL110 / 10, " unit (1:110m) or ", TOL50 / 10, " unit (1:50m); 1:50m rings under ", MIN_AREA50),
  "// square units are dropped except each shape's largest.",
  "// Winding: Natural Earth's outer rings run clockwise in lon/lat, which the",
  "// y flip would make counter-clockwise on screen; here every outer ring runs",
  "// clockwise on screen and every hole counter-clockwise, so SVG's default",
  "// fill-rule (nonzero) keeps holes and unions overlapping clockwise markers.",
  "//",
  "// Each line: KEY|ring;ring;... with a ring \"x,y dx,dy dx,dy ...\": the first",
  "// point absolute, the others relative to the point before; the ring closes",
  "// back to its first point. A shape's largest ring comes first.",
  "",
  "enum WorldShapes {",
  paste0("    /// The map's size in SVG units; the data is in tenths of these."),
  paste0("    static let width = ", WIDTH),
  paste0("    static let height = ", HEIGHT),
  "",
  "    /// The outline of the earth (the ±180° meridians), one ring.",
  paste0("    static let sphere = \"", encode(edge), "\""),
  "",
  "    /// Natural Earth 1:110m countries, and Northern Ireland from the map units.",
  "    static let countries110 = #\"\"\"",
  lines110,
  "    \"\"\"#",
  "",
  "    /// Natural Earth 1:50m countries that the 1:110m layer leaves out.",
  "    static let countries50 = #\"\"\"",
  lines50,
  "    \"\"\"#",
  "}",
  ""
)
con <- file(OUT, "wb"); writeLines(enc2utf8(header), con, sep = "\n", useBytes = TRUE); close(con)
cat(sprintf("wrote %s: %d shapes (%d from 1:50m), %d points, %d bytes; height %.1f\n",
            OUT, length(keys), length(added50), total_points, file.size(OUT), HEIGHT))
cat("missing ISO:", missing, "\n")
