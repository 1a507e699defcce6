"""Clients found by national id

Revision ID: 68ad7c66e899
Revises: 50636e8e6363
Create Date: 2026-11-23 02:47:12.409347

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '68ad7c66e899'
down_revision = '50636e8e6363'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.create_index('ix_clients_municipality_national_id', ['municipality_id', 'national_id'], unique=False)


def downgrade():
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_index('ix_clients_municipality_national_id')
