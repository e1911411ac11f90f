"""The two ways Quid's databases search text, behind one interface.

- SQLite (the embedded default): an FTS5 table `search_index` (porter stemming over
  unicode61, diacritics folded) whose rowid is the document's id; ranked by BM25.
- PostgreSQL: `search_documents.vector`, a `tsvector` with the English configuration
  (title weighted A, tags and account B, body C) under a GIN index; ranked by `ts_rank`.

Both read the same SearchQuery (server.search.query) and give a score where lower is
better, so that the service orders and pages results the same way on either. Matches in
snippets are wrapped in START and STOP, control characters that indexed text never holds
(they are blanked on the way in), for the service to cut into segments.
"""

from sqlalchemy import Float, bindparam, cast, column, func, literal_column, select, table, text

from server.search.query import SearchQuery, Term

START, STOP = "\x02", "\x03"
ELLIPSIS = "…"
SNIPPET_WORDS = 24
# How much a match counts by where it is (SQLite's BM25 column weights, in column order);
# PostgreSQL gets the same order from its A/B/C weights.
TITLE_WEIGHT, BODY_WEIGHT, TAGS_WEIGHT, ACCOUNT_WEIGHT = 8.0, 1.0, 4.0, 4.0


def indexable(value: str | None) -> str:
    """`value` as the index stores it: never holding the snippet markers."""
    return (value or "").replace(START, " ").replace(STOP, " ")


def blanked(expression: str) -> str:
    """SQL for `indexable` of a text column or expression (both databases spell it so)."""
    return f"replace(replace(coalesce({expression}, ''), '{START}', ' '), '{STOP}', ' ')"


# A post's tag names, space-separated, as SQL over the post `p` (for the bulk rebuilds).
TAG_NAMES_SQLITE = (
    "(SELECT group_concat(t.name, ' ') FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = p.id)"
)
TAG_NAMES_POSTGRESQL = (
    "(SELECT string_agg(t.name, ' ') FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = p.id)"
)


class SqliteSearch:
    """FTS5 with BM25."""

    index = table("search_index", column("rowid"), column("title"), column("body"), column("tags"), column("account"))

    def write(self, session, *, document_id: int, title: str, body: str, tags: str, account: str) -> None:
        """Put a document's words in the index (replacing what it held)."""
        self.remove(session, document_id=document_id)
        session.execute(
            text(
                "INSERT INTO search_index (rowid, title, body, tags, account) "
                "VALUES (:id, :title, :body, :tags, :account)"
            ),
            {
                "id": document_id,
                "title": indexable(title),
                "body": indexable(body),
                "tags": indexable(tags),
                "account": indexable(account),
            },
        )

    def remove(self, session, *, document_id: int) -> None:
        """Take a document's words out of the index."""
        session.execute(text("DELETE FROM search_index WHERE rowid = :id"), {"id": document_id})

    def rebuild(self, session) -> None:
        """Index the words of every document in `search_documents` at once (after
        `server.search.index.rebuild_index` has listed them), replacing what the index held."""
        session.execute(text("DELETE FROM search_index"))
        session.execute(
            text(
                "INSERT INTO search_index (rowid, title, body, tags, account)"
                f" SELECT d.id, {blanked('p.title')}, {blanked('p.body')}, {blanked(TAG_NAMES_SQLITE)},"
                f" {blanked('p.account')}"
                " FROM search_documents d JOIN posts p ON p.id = d.post_id WHERE d.answer_id IS NULL"
            )
        )
        session.execute(
            text(
                "INSERT INTO search_index (rowid, title, body, tags, account)"
                f" SELECT d.id, '', {blanked('a.body')}, '', ''"
                " FROM search_documents d JOIN answers a ON a.id = d.answer_id"
            )
        )

    @staticmethod
    def expression(query: SearchQuery) -> str:
        """The FTS5 query: each word quoted (so nothing typed is FTS5 syntax)."""

        def term(item: Term) -> str:
            return '"' + " ".join(item.words) + '"' + ("*" if item.prefix else "")

        groups = " AND ".join("(" + " OR ".join(term(item) for item in group) + ")" for group in query.groups)
        return "".join([groups] + [f" NOT {term(item)}" for item in query.excluded])

    def narrow(self, statement, *, document_id, query: SearchQuery, newest: int | None = None):
        """`statement` (over documents) limited to matches, with a `score` column added
        (lower is better); with `newest`, only the newest that many of the documents it
        selects are candidates.

        The matches are found and scored by FTS5 first (a materialised common table
        expression): joined row by row instead, SQLite may run the full-text query once per
        candidate document, which took 21 s for one draft's related posts at 10,000 posts.
        The newest candidates are read the same way round: FTS5 yields its matches newest
        first, each is checked against the statement's conditions as it comes, and the
        reading stops at the `newest`-th, so the others are never found nor scored.
        """
        index_name = literal_column("search_index")
        score = cast(func.bm25(index_name, TITLE_WEIGHT, BODY_WEIGHT, TAGS_WEIGHT, ACCOUNT_WEIGHT), Float)
        matching = index_name.op("MATCH")(self.expression(query))
        if newest is None:
            matches = select(self.index.c.rowid.label("document_id"), score.label("score")).where(matching)
        else:
            matches = (
                statement.with_only_columns(self.index.c.rowid.label("document_id"), score.label("score"))
                .join(self.index, self.index.c.rowid == document_id)
                .where(matching)
                .order_by(self.index.c.rowid.desc())
                .limit(newest)
            )
        matches = matches.cte("matches").prefix_with("MATERIALIZED")
        return statement.join(matches, matches.c.document_id == document_id).add_columns(matches.c.score)

    def marked(self, session, *, document_ids: list[int], query: SearchQuery) -> dict[int, tuple[str, str]]:
        """For each of `document_ids` (a page of results): its title with the matches marked,
        and a snippet of its body around them. Run for one page only: marking reads the text."""
        if not document_ids:
            return {}
        index_name = literal_column("search_index")
        rows = session.execute(
            select(
                self.index.c.rowid,
                func.highlight(index_name, 0, START, STOP),
                func.snippet(index_name, 1, START, STOP, ELLIPSIS, SNIPPET_WORDS),
            ).where(index_name.op("MATCH")(self.expression(query)), self.index.c.rowid.in_(document_ids))
        )
        return {row[0]: (row[1], row[2]) for row in rows}


class PostgresqlSearch:
    """`tsvector` with the English configuration and `ts_rank`."""

    CONFIGURATION = "english"
    HEADLINE = (
        f'StartSel="{START}", StopSel="{STOP}", MaxWords={SNIPPET_WORDS}, '
        f'MinWords={SNIPPET_WORDS // 2}, MaxFragments=2, FragmentDelimiter=" {ELLIPSIS} "'
    )

    def write(self, session, *, document_id: int, title: str, body: str, tags: str, account: str) -> None:
        session.execute(
            text(
                "UPDATE search_documents SET vector = "
                + self.weighted_vector(title=":title", tags=":tags", account=":account", body=":body")
                + " WHERE id = :id"
            ),
            {
                "id": document_id,
                "title": indexable(title),
                "body": indexable(body),
                "tags": indexable(tags),
                "account": indexable(account),
            },
        )

    def remove(self, session, *, document_id: int) -> None:
        # The document's row goes with it; nothing else holds its words.
        pass

    @staticmethod
    def weighted_vector(*, title: str, tags: str, account: str, body: str) -> str:
        """SQL for a document's vector from four SQL text expressions: the title weighted A,
        tags and account B, the body C (one weighting for `write` and `rebuild`)."""
        return (
            f"setweight(to_tsvector('english', {title}), 'A')"
            f" || setweight(to_tsvector('english', {tags} || ' ' || {account}), 'B')"
            f" || setweight(to_tsvector('english', {body}), 'C')"
        )

    def rebuild(self, session) -> None:
        """Compute the vector of every document in `search_documents` at once (after
        `server.search.index.rebuild_index` has listed them), weighted as `write` does."""
        session.execute(
            text(
                "UPDATE search_documents d SET vector = "
                + self.weighted_vector(
                    title=blanked("p.title"),
                    tags=blanked(TAG_NAMES_POSTGRESQL),
                    account=blanked("p.account"),
                    body=blanked("p.body"),
                )
                + " FROM posts p WHERE p.id = d.post_id AND d.answer_id IS NULL"
            )
        )
        session.execute(
            text(
                "UPDATE search_documents d SET vector = "
                + self.weighted_vector(title="''", tags="''", account="''", body=blanked("a.body"))
                + " FROM answers a WHERE a.id = d.answer_id"
            )
        )

    @staticmethod
    def expression(query: SearchQuery) -> str:
        """The `to_tsquery` text: words are letters and digits only, so each quoted lexeme is
        safe; the last bare word as a prefix (`:*`)."""

        def term(item: Term) -> str:
            lexemes = [f"'{word}'" for word in item.words]
            if item.prefix:
                lexemes[-1] += ":*"
            return "(" + " <-> ".join(lexemes) + ")"

        groups = " & ".join("(" + " | ".join(term(item) for item in group) + ")" for group in query.groups)
        return "".join([groups] + [f" & !{term(item)}" for item in query.excluded])

    def _tsquery(self, query: SearchQuery):
        return func.to_tsquery(literal_column("'english'"), bindparam("search_query", self.expression(query)))

    def narrow(self, statement, *, document_id, query: SearchQuery, newest: int | None = None):
        vector = literal_column("search_documents.vector")
        tsquery = self._tsquery(query)
        statement = statement.where(vector.op("@@")(tsquery))
        if newest is not None:
            # The newest of the statement's matches by id alone, before any is scored.
            window = statement.with_only_columns(document_id).order_by(document_id.desc()).limit(newest)
            statement = statement.where(document_id.in_(window.scalar_subquery()))
        return statement.add_columns(cast(-func.ts_rank(vector, tsquery, 1), Float).label("score"))

    def marked(self, session, *, document_ids: list[int], query: SearchQuery) -> dict[int, tuple[str, str]]:
        if not document_ids:
            return {}
        from server.answers.models import Answer  # the texts marked are the posts' and answers'
        from server.posts.models import Post
        from server.search.models import SearchDocument

        tsquery = self._tsquery(query)
        english = literal_column("'english'")
        rows = session.execute(
            select(
                SearchDocument.id,
                func.ts_headline(
                    english, Post.title, tsquery, bindparam("title_options", "HighlightAll=true, " + self.HEADLINE)
                ),
                func.ts_headline(
                    english,
                    func.coalesce(Answer.body, Post.body),
                    tsquery,
                    bindparam("headline_options", self.HEADLINE),
                ),
            )
            .join(Post, Post.id == SearchDocument.post_id)
            .outerjoin(Answer, Answer.id == SearchDocument.answer_id)
            .where(SearchDocument.id.in_(document_ids))
        )
        return {row[0]: (row[1], row[2]) for row in rows}


def search_backend(session):
    """The search of the database `session` is bound to."""
    return PostgresqlSearch() if session.get_bind().dialect.name == "postgresql" else SqliteSearch()
