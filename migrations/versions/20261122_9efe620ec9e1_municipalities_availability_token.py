"""municipalities: availability token, renewed with every change to their places

Revision ID: 9efe620ec9e1
Revises: 32ce36f7f200
Create Date: 2026-11-22 18:55:39.189677

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9efe620ec9e1'
down_revision = '32ce36f7f200'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('availability_version', sa.BigInteger(), server_default='0', nullable=False))



def downgrade():
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_column('availability_version')

