"""appeals: when it was sent

Revision ID: 32ce36f7f200
Revises: aaf05140e83b
Create Date: 2026-11-22 18:07:29.209127

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '32ce36f7f200'
down_revision = 'aaf05140e83b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sent_on', sa.Date(), nullable=True))



def downgrade():
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.drop_column('sent_on')

