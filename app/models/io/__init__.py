"""Files in and out: the roster import from the spreadsheets community offices keep,
and the exporter with its templates (``exporter``). This file imports nothing.

Two halves. The reading half (stages 1-4 below: ``source``, ``readers``, ``xlsx``,
``text``, ``layout``, ``normalise``, ``columns``, ``lookup``, ``address``, ``plan``)
imports only ``app.models.domain``, each other and the standard library: no Qt, no
store, no write path. It reads the roster through a ``lookup.Lookup``, so the city
server runs the very same checks (``python -m server import-roster``,
server/import_roster.py) on its own database; tools/layers.py lets the server import
exactly these modules and keeps them pure. The writing half (``commit``,
``exporter``) imports ``app.models.write`` and ``app.models.roster``; the server has
its own write path.

The stages, each in its own module of ``app.models.io`` (the wizard in
``app/ui/io/import_wizard.py`` runs each one off the GUI thread on its own connection):

1. ``readers.read_file``: an xlsx (``xlsx``: own streaming reader: merged cells,
   shared/inline strings, date styles, zero-padded code formats, the 1904 date system;
   the sheet whose header names the most fields, so a 汇总 sheet in front is passed
   over) or a CSV in UTF-8, UTF-8 with BOM, GBK/GB18030, Big5 or UTF-16 with BOM
   (``text``: GB18030 and Big5 judged by the header words each decoding shows). What
   the reader decided is a note on the ``Source``. A file that cannot be read
   raises ``FileProblem`` with a code the UI words (truncated, old .xls, wrong encoding…).
2. ``layout.detect_layout``: finds the header row below title rows, blank lines and
   merged two-level headers, and maps columns to fields by their Chinese (or English)
   headers; the user may override the mapping.
3. ``plan.analyse``: skips (and lists) 合计/小计 rows and 填表人 footers, judges
   columns as a whole (``columns``: an ID column Excel's number format damaged, codes
   that lost their leading zeros, Excel error values such as #N/A), normalises every row (``normalise``: ID numbers that Excel stored
   as numbers, mixed date formats, 男/女, 汉/汉族, 户籍/流动…), places it (``address``:
   address text parsed into estate › building › unit › room and matched to the address
   tree, households by 户号), validates it with the roster rules and finds duplicates
   by ID number in the file and in the roster (the store's, or the server's, through
   the ``lookup``).
4. ``plan.Analysis.plan``: cheap; applies the duplicate policy (update | skip | ask with
   the user's decisions) and whether new address nodes may be created, and says what
   will be created, updated, skipped and which rows are invalid.
5. ``commit.commit``: one SQLite transaction through the one write path
   (``UnitOfWork``: row + outbox op + audit per row), search reindexed for the affected
   residents, an 'import' audit note; progress callback, and cancellation raises
   ``Cancelled`` so everything rolls back.

Problems are ``rules.Issue`` values (field + code + params); the UI words them.

The 出租房屋 and 实有单位 imports (docs/domain-houses.md) reuse the reading half
with their own fields: ``places_import`` (read, place in either address shape,
tenants and employees by ID number, validate; Qt- and store-free, not run by the
server), ``places_commit`` (one transaction through ``app.models.places.repository``)
and ``places_template``.

Below the stages: ``source`` (what they share: ``Sheet``/``Source``, ``FileProblem``,
``Cancelled``, progress and cancel checks), ``text`` and ``xlsx`` (the readers),
``normalise`` (values), ``columns`` (whole columns, error values), ``address``
(addresses and households).
"""
