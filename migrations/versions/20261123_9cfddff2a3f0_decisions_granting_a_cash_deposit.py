"""Decisions granting a cash deposit

Revision ID: 9cfddff2a3f0
Revises: b3aeb061be45
Create Date: 2026-11-23 03:02:38.327218

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9cfddff2a3f0'
down_revision = 'b3aeb061be45'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deposit_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_decisions_deposit_id_cash_deposits'), 'cash_deposits', ['deposit_id'], ['id'])


def downgrade():
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_decisions_deposit_id_cash_deposits'), type_='foreignkey')
        batch_op.drop_column('deposit_id')
