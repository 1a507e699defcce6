"""stays: the shelter's request to end a stay

Revision ID: 853718b21560
Revises: 838ed569c71f
Create Date: 2026-11-22 17:25:49.091476

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '853718b21560'
down_revision = '838ed569c71f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stays', schema=None) as batch_op:
        batch_op.add_column(sa.Column('exclusion_requested_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('exclusion_request', sa.Text(), nullable=False, server_default=''))



def downgrade():
    with op.batch_alter_table('stays', schema=None) as batch_op:
        batch_op.drop_column('exclusion_request')
        batch_op.drop_column('exclusion_requested_at')

