"""incidents: many households at once

Revision ID: 53174c0e172e
Revises: 24cf5c908420
Create Date: 2026-11-22 16:18:07.292257

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '53174c0e172e'
down_revision = '24cf5c908420'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('incidents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_incidents_created_by_id_users')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_incidents_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incidents'))
    )
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incidents_municipality_id'), ['municipality_id'], unique=False)

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('incident_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_cases_incident_id'), ['incident_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_cases_incident_id_incidents'), 'incidents', ['incident_id'], ['id'])



def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cases_incident_id_incidents'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_cases_incident_id'))
        batch_op.drop_column('incident_id')

    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incidents_municipality_id'))

    op.drop_table('incidents')
