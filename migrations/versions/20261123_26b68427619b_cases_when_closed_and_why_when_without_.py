"""Cases: when closed, and why when without a decision

Revision ID: 26b68427619b
Revises: 4f6ab23b21b5
Create Date: 2026-11-23 00:40:21.702458

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '26b68427619b'
down_revision = '4f6ab23b21b5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('closed_reason', sa.String(length=20), server_default='', nullable=False))
        batch_op.add_column(sa.Column('closed_note', sa.Text(), server_default='', nullable=False))
    # A case closed before now closed at its last check-out or issued decision; its retention runs from then.
    bind = op.get_bind()
    closed = bind.execute(sa.text("SELECT id, received_at FROM cases WHERE status = 'closed'")).all()
    for case_id, received_at in closed:
        moments = bind.execute(
            sa.text(
                "SELECT ended_at FROM stays WHERE case_id = :id AND ended_at IS NOT NULL "
                "UNION ALL SELECT issued_at FROM decisions WHERE case_id = :id AND issued_at IS NOT NULL"
            ),
            {"id": case_id},
        ).scalars().all()
        bind.execute(
            sa.text("UPDATE cases SET closed_at = :at WHERE id = :id"),
            {"at": max([received_at, *moments]), "id": case_id},
        )


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('closed_note')
        batch_op.drop_column('closed_reason')
        batch_op.drop_column('closed_at')
