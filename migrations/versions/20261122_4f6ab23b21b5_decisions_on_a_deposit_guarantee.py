"""decisions on a deposit guarantee

Revision ID: 4f6ab23b21b5
Revises: a99c98287350
Create Date: 2026-11-22 23:02:12.001327

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4f6ab23b21b5'
down_revision = 'a99c98287350'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject', sa.String(length=20), server_default='temporary_housing', nullable=False))
        batch_op.add_column(sa.Column('guarantee_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_decisions_guarantee_id_deposit_guarantees'), 'deposit_guarantees', ['guarantee_id'], ['id'])



def downgrade():
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_decisions_guarantee_id_deposit_guarantees'), type_='foreignkey')
        batch_op.drop_column('guarantee_id')
        batch_op.drop_column('subject')

