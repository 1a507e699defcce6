"""sms: claimed for sending

Revision ID: aaf05140e83b
Revises: 64126244dc41
Create Date: 2026-11-22 17:40:33.782356

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'aaf05140e83b'
down_revision = '64126244dc41'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sms_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('sms_messages', schema=None) as batch_op:
        batch_op.drop_column('claimed_at')

