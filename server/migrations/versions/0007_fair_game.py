"""Fair game: a materialised level held back by breadth, established colleagues, trust weight of legs, reversals indexed alone

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 01:30:00

"""

import sqlalchemy as sa
from alembic import op

import server.common.types  # noqa: F401  (UTCDateTime columns)
from shared.fair_game import Breadth, breadth_needed, meets_breadth
from shared.levels import level_for

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BREADTH = sa.text("""
    SELECT count(DISTINCT e.actor_id), count(DISTINCT a.division_id), count(DISTINCT e.score_day)
    FROM reputation_entries e JOIN users a ON a.id = e.actor_id
    WHERE e.recipient_id = :user_id AND e.points > 0 AND e.reverses_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM reputation_entries r WHERE r.reverses_id = e.id)
""")


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("level", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("established_at", server.common.types.UTCDateTime(), nullable=True))
    with op.batch_alter_table("trade_legs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("weight", sa.Float(), nullable=True))
    # One reversal per entry, indexed over reversals only: the unique index over the whole
    # column made SQLite answer "live credits" (reverses_id IS NULL) by walking the ledger.
    with op.batch_alter_table("reputation_entries", schema=None) as batch_op:
        batch_op.drop_constraint("uq_reputation_entries_reverses_id", type_="unique")
        batch_op.create_index(
            "ux_reputation_entries_reverses_id",
            ["reverses_id"],
            unique=True,
            sqlite_where=sa.text("reverses_id IS NOT NULL"),
            postgresql_where=sa.text("reverses_id IS NOT NULL"),
        )

    connection = op.get_bind()
    # Levels as the new rules make them: points, then breadth for the levels that ask for it.
    for user_id, reputation in connection.execute(sa.text("SELECT id, reputation FROM users WHERE reputation >= 25")):
        by_points = level_for(reputation).number
        level = by_points
        if breadth_needed(by_points) is not None:
            breadth = Breadth(*connection.execute(BREADTH, {"user_id": user_id}).one())
            level = max(number for number in range(1, by_points + 1) if meets_breadth(breadth, breadth_needed(number)))
        connection.execute(
            sa.text("UPDATE users SET level = :level WHERE id = :user_id"), {"level": level, "user_id": user_id}
        )
    # Legs confirmed before the rules counted in full, unless their credit was capped to nothing.
    connection.execute(sa.text("UPDATE trade_legs SET weight = 1.0 WHERE state = 'confirmed'"))
    connection.execute(
        sa.text("""
        UPDATE trade_legs SET weight = 0.0 WHERE state = 'confirmed' AND id IN (
            SELECT source_id FROM reputation_entries
            WHERE source_type = 'trade_leg' AND event IN ('leg_on_time', 'leg_late')
              AND points = 0 AND base_points > 0 AND reverses_id IS NULL)
    """)
    )


def downgrade():
    with op.batch_alter_table("reputation_entries", schema=None) as batch_op:
        batch_op.drop_index("ux_reputation_entries_reverses_id")
        batch_op.create_unique_constraint("uq_reputation_entries_reverses_id", ["reverses_id"])
    with op.batch_alter_table("trade_legs", schema=None) as batch_op:
        batch_op.drop_column("weight")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("established_at")
        batch_op.drop_column("level")
