"""Guarantees ended before their time

Revision ID: 50636e8e6363
Revises: 4b5c5cdca23d
Create Date: 2026-11-23 01:53:53.583037

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '50636e8e6363'
down_revision = '4b5c5cdca23d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('deposit_guarantees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('ended_note', sa.Text(), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('deposit_guarantees', schema=None) as batch_op:
        batch_op.drop_column('ended_note')
        batch_op.drop_column('ended_on')

